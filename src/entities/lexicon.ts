// Word lists that tell names of people from titles, organisations and places in news writing.

const set = (words: string) => new Set(words.trim().split(/\s+/));

/**
 * Words of a title or role written before a name ("Prime Minister", "then-premier", "PTI chief"),
 * lower-cased. A capitalised run that ends in one of these is a title, and the name follows it.
 */
export const TITLE_WORDS = set(`
  president vice prime minister ministers premier pm exchequer secretary secretary-general chief chairman chairwoman chairperson
  chair leader governor senator sen rep representative congressman congresswoman speaker deputy senior junior
  general gen lieutenant lt colonel col major maj captain capt commander admiral adm brigadier marshal sergeant
  commissioner ambassador envoy consul judge justice magistrate attorney prosecutor counsel lawyer advocate
  spokesman spokeswoman spokesperson director executive officer ceo cfo coo chancellor mayor treasurer comptroller
  king queen prince princess emperor empress crown pope cardinal bishop archbishop reverend rev
  imam maulana mufti mullah mulla mawlawi maulvi qari ayatollah rabbi mr mrs ms miss dr prof professor sir dame lord lady baroness mister madam
  foreign finance interior defence defense home economic affairs information law trade commerce agriculture energy
  petroleum oil industry industries planning education health railways communications state federal provincial
  principal special assistant adviser advisor aide economist analyst official head founder co-founder owner
  lawmaker legislator mp mna mpa member candidate nominee governor-general opposition party election
  caretaker acting interim former then late ex incumbent outgoing designate elect president-elect
  finance-minister vice-president vice-chairman vice-chancellor managing partner strategist trader dealer broker
  investor financier banker industrialist businessman businesswoman
  journalist reporter correspondent editor anchor columnist author writer activist cleric scholar
`);

/** Role words that, lower-cased right before a name, mark it as a person's ("then-premier Shehbaz", "PTI chief Imran Khan"). */
export const ROLE_HEADS = set(`
  president premier pm minister secretary chief leader chairman chairwoman chairperson governor senator speaker
  commissioner ambassador envoy judge justice prosecutor attorney counsel lawyer spokesman spokeswoman spokesperson
  director executive ceo chancellor mayor treasurer king queen prince princess emperor pope
  cardinal bishop imam maulana mufti mullah mulla mawlawi maulvi qari mr mrs ms dr prof professor sir lord lady general gen colonel col captain
  commander admiral adviser advisor aide economist analyst founder lawmaker legislator mp mna mpa candidate
  nominee journalist reporter correspondent editor anchor columnist author activist cleric scholar strategist
  official officer chairman-designate head partner owner exchequer investor financier banker industrialist
  businessman businesswoman representative
`);

/** Honorifics that alone are not a name ("Sir," at the start of a quoted reply). */
export const HONORIFICS = set('mr mrs ms miss dr prof sir madam mister lord lady dame sheikh');

/** Words that make a capitalised run an organisation, office, publication or place, never a person. */
export const NOT_PERSON_WORDS = set(`
  bureau division house office offices league party ministry ministries department bank banks corp corporation
  inc co ltd llc plc company companies group international council commission agency agencies university court
  courts assembly government times news tribune express post journal herald gazette telegraph daily weekly
  tehreek tehreek-e-insaf insaf insaaf movement front union association institute institution exchange market
  markets fund committee senate parliament congress army navy forces force police services service airlines
  airways motors industries holdings trust securities capital partners board authority organisation
  organization federation society club foundation center centre hospital school college academy street road
  avenue square province state states city republic kingdom islands island valley river sea ocean gulf
  mountains reserve treasury airport port station hotel church mosque palace secretariat petroleum chemical
  chemicals steel mining resources systems technologies technology electric electronics power telecom
  communications media press television tv radio network channel cabinet intelligence accountability
  nations economic community communities conference summit declaration agreement accord act bill treaty
  program programme plan project initiative report index fed reserve budget tax revenue customs
  stock stocks shares bonds futures commodities crude gas
  al-qaeda taliban muslim islamic christian catholic jewish hindu
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday
  north south east west northern southern eastern western central
  cypher conspiracy audio whatsapp twitter facebook google microsoft
  savings loan loans acquisition acquisitions investors associates enterprises ventures properties realty
  financial bancorp bancshares insurance mutual pharmaceuticals laboratories stores foods products brands
  partnership partnerships equities investment investments
`);

/** Publications, agencies and outlets often written like names ("Dawn", "Reuters"). */
export const OUTLETS = set(`
  reuters ani afp ap upi xinhua tass kyodo bloomberg dawn geo ary bbc cnn cnbc pti ians apa dpa efe ansa
  yonhap bernama antara itar-tass wsj nyt
`);

/** Countries and a few places news capitalises that the NLP library may miss as places. */
export const PLACES = set(`
  pakistan india china afghanistan iran iraq bangladesh nepal sri lanka london washington islamabad karachi
  lahore delhi new york tokyo paris berlin moscow beijing kabul tehran dubai riyadh punjab sindh balochistan
  khyber pakhtunkhwa peshawar quetta rawalpindi america us usa uk britain england europe asia africa japan
  germany france italy spain canada mexico brazil argentina australia russia soviet ukraine israel egypt
  saudi arabia kuwait qatar opec geneva brussels zurich frankfurt singapore hong kong taiwan korea un ec eu ussr
`);

/** Lower-case nouns that, right after a capitalised run or before "of" ahead of it, make it a place ("Nad Ali district", "the city of Tarin Kowt"). */
export const PLACE_NOUNS = set('district districts province provinces village villages city town area region valley county');

/** Last words of Afghan and Pakistani place names ("Mohammad Rahim Kalay", "Kala Bagh" aside: only as the last word). */
export const PLACE_SUFFIXES = set("kalay kalai kala kalacha qala qalay qal'ah qalah bazaar bazar");

/**
 * Given names and family names common in South Asian news that the NLP library's lexicon lacks
 * (lower-cased). They count as evidence for a person only inside a run of two or more capitalised words.
 */
export const SOUTH_ASIAN_NAMES = set(`
  imran shehbaz shahbaz nawaz maryam bilawal asif ali zardari bhutto benazir zulfikar sharif khan azam ishaq dar
  miftah ismail rana sanaullah khawaja sardar ayaz sadiq shah mahmood qureshi sohail sikandar sultan raja
  muhammad mohammad mohammed ahmed ahmad hussain hussein hassan hasan malik chaudhry chaudhary choudhry mian syed
  sayed sheikh iqbal aziz javed javaid pervez parvez pervaiz musharraf asim munir bajwa faiz hameed hamid fawad
  chaudhri shireen mazari hamza usman buzdar elahi jahangir tareen asad umar shaukat tarin ahsan rehman rahman
  fazl fazlur abdul qadir farooq tariq khalid rashid nadeem anjum zahid hafeez saqib nisar arif alvi gilani
  yousuf yusuf raza qamar javed ayub zia ul haq liaquat jinnah junaid safdar hamid mir saleem salim shahid
  afridi babar akram wasim waqar younis inzamam misbah sarfraz rizwan shaheen naseem kamran akmal talat
  aitzaz ahsan murad saeed ghani bux kaira zubair omar abbasi shahid khaqan marriyum aurangzeb ishaque
  jahanzeb arshad sharjeel memon khursheed yasmin rashid shafqat mehmood faisal vawda vawda sheikh rasheed
  kayani kiyani raheel nadeem anjum ijaz ejaz chaudhry latif pervaiz parvaiz elahi moonis zaidi shibli faraz
  narendra modi rahul gandhi sonia indira rajiv manmohan singh amit jaishankar sushma swaraj arun jaitley
  nirmala sitharaman yogi adityanath mamata banerjee arvind kejriwal sheikh hasina khaleda zia ashraf ghani
  hamid karzai abdullah
`);

/** Lower-cased particles that may sit inside a name ("Zia ul Haq", "Osama bin Laden"). */
export const NAME_PARTICLES = set('bin bint ibn al el ul ud ur e de da del della di du van von der den la le');

/** Verbs of saying after a name, which mark it as a person's. */
export const SPEECH_VERBS = set(`
  said says told added stated claimed asked noted argued warned insisted explained urged announced replied
  wrote tweeted declared confirmed denied admitted suggested believed
`);

/** Nouns after a surname that make it a family or group, not one person ("the Sharif family"). */
export const GROUP_NOUNS = set('family families clan dynasty brothers sisters household');
