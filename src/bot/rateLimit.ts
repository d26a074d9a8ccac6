// Per-user token bucket: a burst of `capacity` requests, refilled evenly over a minute.

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: seconds until one more request is allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept at most; full buckets are forgotten first, so memory stays bounded. */
const MAX_BUCKETS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = capacity / 60_000;
  }

  take(userId: string): RateLimitDecision {
    const now = this.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.delete(userId);
    this.buckets.set(userId, bucket);
    this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000) };
  }

  private evict(now: number): void {
    if (this.buckets.size <= MAX_BUCKETS) return;
    for (const [userId, bucket] of this.buckets) {
      const tokens = bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs;
      if (tokens >= this.capacity || this.buckets.size > MAX_BUCKETS * 1.5) this.buckets.delete(userId);
      if (this.buckets.size <= MAX_BUCKETS) return;
    }
  }
}
