/**
 * Demo newsroom for `npm run seed:demo` (see ./seed.ts): the tags and wire-style articles written
 * into an empty database so a new user sees a living news site.
 *
 * Everything here is fiction written for this project. The people, companies, quotes and events are
 * invented; real countries, cities and institutions appear only as the setting. Articles come in
 * clusters on the same running story (shared tags, related links) and are listed newest first.
 */

export interface DemoTag {
  name: string;
  description: string;
}

export interface DemoArticle {
  /** URL slug: lowercase a-z0-9 and hyphens, unique. */
  slug: string;
  /** The headline. */
  title: string;
  /** The deck: one or two sentences under the headline. */
  summary: string;
  /** Markdown. */
  body: string;
  /** Fictional byline. */
  author: string;
  /** Names from `demoTags`. */
  tags: string[];
  /** Published this many hours before the seed runs (ignored for drafts). */
  hoursAgo: number;
  /** Slugs of other articles in this file, most relevant first. */
  related: string[];
  /** An unpublished draft that only editors see. */
  draft?: true;
}

/** A Markdown body: the template literal without the line breaks after its opening and before its closing backtick. */
const md = (text: TemplateStringsArray): string => text.join('').trim();

export const demoTags: readonly DemoTag[] = [
  { name: 'Technology', description: 'Chips, networks, software and the companies that build the digital economy.' },
  { name: 'Artificial Intelligence', description: 'How AI systems are built, used and regulated, and what they change for people and businesses.' },
  { name: 'Cybersecurity', description: 'Attacks, breaches and defences across governments, hospitals, businesses and critical infrastructure.' },
  { name: 'Space', description: 'Satellites, launches and the science and business of what happens above the atmosphere.' },
  { name: 'Climate', description: 'Drought, heat, floods and the efforts to cut emissions and adapt to a warming world.' },
  { name: 'Energy', description: 'Power grids, fuels, renewables and storage, and what they cost households and industry.' },
  { name: 'Economy', description: 'Central banks, trade, prices and the markets that shape jobs and living costs.' },
  { name: 'Health', description: 'Public health, disease outbreaks, hospitals and the science of medicine.' },
  { name: 'Europe', description: 'News from the European Union, its member states and the rest of the continent.' },
  { name: 'Asia', description: 'News from East, South and South-East Asia and the Gulf.' },
  { name: 'Africa', description: 'News from across the African continent, from Cairo to Cape Town.' },
  { name: 'Americas', description: 'News from North, Central and South America and the Caribbean.' },
];

export const demoArticles: readonly DemoArticle[] = [
  {
    slug: 'east-africa-subsea-cable-faults-slow-internet',
    title: 'Twin undersea cable faults slow internet and payments across East Africa',
    summary:
      'Two of the main fibre-optic cables serving Kenya, Tanzania and Mozambique failed within hours of each other, disrupting banking apps, airlines and cloud services as operators scrambled to reroute traffic.',
    author: 'Amani Njoroge',
    tags: ['Technology', 'Africa', 'Economy'],
    hoursAgo: 2,
    related: ['east-africa-regulators-warn-cable-redundancy', 'subsea-cable-repair-ship-shortage', 'mombasa-oman-subsea-cable-consortium'],
    body: md`
Internet traffic across much of East Africa slowed to a crawl overnight after two undersea fibre-optic cables running along the coast of Mozambique failed within hours of each other, knocking out card payments, mobile banking apps and airline booking systems in several countries.

Network monitoring firm Latency Atlas said international capacity into Kenya had fallen by roughly 40 per cent, with Tanzania, Mozambique and Madagascar also badly affected. Operators said the faults were on the Coral Coast Cable and the older Azania-1 system, which both carry traffic south to landing stations in South Africa and on to Europe.

“We lost two of our four main routes out of the region at once,” said Wanjiru Kimani, chief technology officer at Nairobi-based operator Savanna Telecom. “Traffic is being pushed onto whatever is left, and that is where the congestion comes from.”

## Landslide suspected

Cable owners said the most likely cause was an underwater landslide near the mouth of the Zambezi, where heavy river flows deposit sediment on a steep stretch of the continental slope. A spokesperson for the Coral Coast consortium said there was no sign of sabotage and that fault-location tests placed both breaks within 30 kilometres of each other.

The disruption hit businesses that rely on cloud services hosted outside the continent. Several banks in Nairobi and Dar es Salaam said customers could still withdraw cash but that transfers were delayed. Mobile money services, which run largely on local networks, were slower but working.

## Weeks to repair

Repairs are likely to take weeks. The nearest cable ship is working in the Gulf of Guinea and would need at least ten days to reach the site, according to industry officials, who have long warned that the global repair fleet is too small and too old.

In the meantime, operators said they were:

- rerouting traffic over cables that run north through the Red Sea
- buying emergency satellite capacity for hospitals, air traffic control and payment networks
- asking large content providers to serve more traffic from data centres inside the region

Regional regulators warned last month that East Africa depended on too few cable routes, most of them following the same stretch of coast. A new system linking Mombasa with Oman is planned but is not expected to carry traffic for at least two years.

“Today is the scenario everyone described in their reports,” said Kimani. “The difference is that now customers are living it.”
`,
  },
  {
    slug: 'hospital-ransomware-what-we-know',
    title: 'What we know so far about the ransomware attack on Saxony’s hospitals',
    summary:
      'Ambulances are still being diverted a day after the Obermark Hospital Group was hit. Here is what has been confirmed, what remains unclear and what patients should do.',
    author: 'Jonas Eklund',
    tags: ['Cybersecurity', 'Health', 'Europe'],
    hoursAgo: 6,
    related: ['ransomware-attack-saxony-hospitals-divert-ambulances', 'hospital-it-audit-unsupported-software', 'eu-agency-health-sector-ransomware-report'],
    draft: true,
    body: md`
A ransomware attack on the Obermark Hospital Group, which runs five hospitals in the German state of Saxony, has left emergency departments diverting ambulances and doctors working from paper records. This is a summary of what has been confirmed so far. It will be updated as more information becomes available.

## What happened

The group’s IT staff detected unusual activity on its network in the early hours of the morning and shut down most systems to stop the malware from spreading. Laboratory, radiology and patient-record systems are offline at all five sites. Telephones and medical devices that are not connected to the network are working normally.

The group says the attackers encrypted servers and left a ransom note. It has not said how much was demanded and has repeated that it does not intend to pay. A criminal group calling itself Blackmantle has not yet claimed the attack, but the ransom note matches ones the group has used before, according to two security researchers who have seen it.

Several questions remain open:

- whether patient data was copied before the systems were encrypted
- how the attackers got in; an outdated remote-access gateway is one line of inquiry
- how long a full recovery will take; the group has said only “several days at least”

State police have opened a criminal investigation, and Germany’s federal cybersecurity office has sent a team to help restore systems.

## What patients should do

> “Anyone with a planned appointment should assume it will go ahead unless we contact them,” said Dr Annegret Voss, the group’s medical director. “In an emergency, call the emergency number as usual. Crews know where to take you.”

Patients with planned surgery this week are being contacted individually, and the group has set up a telephone hotline that operates around the clock. People collecting prescriptions or test results are asked to bring any paperwork they have.

The attack comes a week after the state’s audit office warned that a third of Saxony’s hospitals were running software that no longer receives security updates. The report did not name individual hospitals.

*Editor’s note: check the hotline number and the latest diversion status with the group’s press office before publishing.*
`,
  },
  {
    slug: 'election-campaign-power-cuts-maize-prices',
    title: 'Power cuts and maize prices dominate final days of Zambia’s election campaign',
    summary:
      'With the general election days away, candidates are competing less on ideology than on who can keep the lights on and bring down the price of the country’s staple food.',
    author: 'Chipo Banda',
    tags: ['Africa', 'Economy', 'Energy'],
    hoursAgo: 11,
    related: ['zambia-electoral-commission-results-system-test', 'kariba-low-water-deepens-power-cuts', 'southern-africa-maize-harvest-drought'],
    draft: true,
    body: md`
Campaign rallies in Lusaka have started to end early for an unusual reason: the generators run out of fuel.

With Zambia’s general election days away, scheduled power cuts of up to 17 hours a day and a sharp rise in the price of maize meal have pushed almost every other issue off the agenda, according to candidates, pollsters and voters interviewed across three provinces.

“Nobody asks me about the constitution,” said Bwalya Musonda, an independent parliamentary candidate in Kabwe. “They ask me when the power will come back and why a bag of mealie-meal costs what it costs.”

## A drought on the ballot

The country’s hydropower dams, which supply most of its electricity, are running at a fraction of capacity after a drought that also cut the maize harvest by close to a third across southern Africa. Small businesses that depend on electricity, from welders and barbers to grain millers, say they have lost most of their income.

Candidates on the governing side argue that the crisis is a consequence of the weather and point to emergency power imports and new solar farms due to come online next year. Opposition candidates say years of underinvestment left the grid with no buffer.

A survey by the Lusaka-based Centre for Policy Dialogue found that 61 per cent of respondents named electricity as their main concern, followed by food prices at 52 per cent and jobs at 34 per cent. Respondents could give more than one answer.

## Turnout worries

Observers say the hardship could cut either way on turnout. Some voters say they are angry enough to queue for hours; others say they cannot afford a day away from work.

“If I close the shop to vote, I lose the two hours of power I get,” said Grace Tembo, who runs a hair salon in the capital’s Matero district.

The electoral commission has said polling stations will have backup power and that results will be sent electronically from each station, a system it rehearsed last week.

- Polling stations: about 12,000
- Registered voters: more than 7 million
- Presidential result: expected within 72 hours of polls closing

*Draft: waiting for a response from the energy ministry; add the latest load-shedding schedule before publishing.*
`,
  },
  {
    slug: 'ransomware-attack-saxony-hospitals-divert-ambulances',
    title: 'Ransomware attack forces Saxony hospital group to divert ambulances',
    summary:
      'The Obermark Hospital Group shut down computer systems at its five hospitals after detecting an intrusion, postponing planned operations and sending emergency patients to Dresden and Leipzig.',
    author: 'Jonas Eklund',
    tags: ['Cybersecurity', 'Health', 'Europe'],
    hoursAgo: 19,
    related: ['hospital-it-audit-unsupported-software', 'eu-agency-health-sector-ransomware-report'],
    body: md`
A ransomware attack has forced a hospital group in the German state of Saxony to shut down its computer systems, divert emergency patients to other cities and postpone hundreds of planned operations.

The Obermark Hospital Group, which runs five hospitals with about 2,400 beds around Chemnitz and Zwickau, said it detected the intrusion early in the morning and took its network offline to contain it. Laboratory results, imaging and electronic patient records were unavailable at all five sites, and staff switched to paper.

“Patient safety comes first, and at the moment that means fewer patients,” said Dr Annegret Voss, the group’s medical director. “Our teams are treating everyone who is already with us. New emergencies are going to hospitals that have their systems.”

Ambulance services in the region said critically ill patients were being taken to hospitals in Dresden and Leipzig, adding up to 40 minutes to some journeys. Maternity units at two Obermark hospitals stayed open.

## Ransom demanded

The group said the attackers had encrypted servers and demanded a ransom, which it would not pay. State police said their cybercrime unit had opened an investigation, and Germany’s federal cybersecurity office said it had sent specialists to help.

Security researchers said the ransom note resembled those used by Blackmantle, a criminal group that has targeted hospitals and local governments in Europe over the past two years and typically steals data before encrypting it.

“The encryption is the loud part,” said Henrik Dahl, a researcher at the Oslo-based firm Nordlys Security. “The quiet part is whether they copied patient records first. That is what hospitals end up dealing with for months.”

## Warnings of weak defences

The attack comes a week after Saxony’s audit office reported that a third of the state’s hospitals were running software that no longer receives security updates, and that most spent less than 2 per cent of their budgets on IT. The report did not name individual hospitals.

Obermark said it was too early to say how the attackers got in. A spokesperson for the state health ministry said it would review how emergency funding for hospital IT is distributed.

Hospitals have become a favoured target for ransomware groups across Europe, according to the EU’s cybersecurity agency, because the pressure to restore services quickly makes them more likely to pay.
`,
  },
  {
    slug: 'eu-agrees-audit-rules-powerful-ai-models',
    title: 'EU negotiators agree audit rules for the most powerful AI models',
    summary:
      'Developers of large general-purpose models will face independent audits, incident reporting within 15 days and fines of up to 3 per cent of global turnover under a deal struck overnight in Brussels.',
    author: 'Helena Brandt',
    tags: ['Artificial Intelligence', 'Europe', 'Technology'],
    hoursAgo: 31,
    related: ['european-ai-startups-compliance-costs', 'ai-generated-media-labelling-draft-rules'],
    body: md`
Negotiators for the European Parliament and EU member states agreed overnight on rules that will require the developers of the most powerful artificial intelligence models to submit them to independent audits before and after release, the bloc’s most detailed attempt yet to police general-purpose AI.

The agreement, reached after 14 hours of talks, fills in obligations that the EU’s AI rulebook set out only in broad terms for models deemed to pose “systemic risk”. It must still be formally approved by the Parliament and by member governments, steps that are usually a formality.

“Until now the biggest models were largely marking their own homework,” said Ilse Marchetti, the lawmaker who led negotiations for the Parliament. “From now on, someone independent will check the work.”

## What the deal includes

Under the compromise, developers of models trained with more than a set amount of computing power will have to:

- commission an audit from an accredited third party covering cybersecurity, misuse risks and the accuracy of their own safety testing
- report serious incidents to the European Commission within 15 days
- keep technical documentation for ten years and share it with regulators on request
- publish a summary of the data used to train the model

Breaches can be punished with fines of up to 3 per cent of a company’s global annual turnover. Smaller companies that build on top of a large model, rather than training their own, are largely exempt.

## Mixed reactions

Industry groups said the audit requirements were workable but warned that Europe had too few qualified auditors. “There are perhaps a few dozen people on the continent who can audit a frontier model properly,” said Rafael Costa, director of the Coalition for Responsible Computing, which represents software companies. “Accreditation needs to move faster than the technology, and so far it has not.”

Digital rights campaigners said the deal did not go far enough. The Citizens’ Digital Rights Network said the computing threshold could be sidestepped by companies that train several smaller models, and called on the Commission to review it every year.

The rules will apply 12 months after publication in the EU’s Official Journal. Start-ups have warned in recent weeks that the cost of complying with the bloc’s AI rules is pushing some of them to move to the United States or Britain.
`,
  },
  {
    slug: 'zambia-electoral-commission-results-system-test',
    title: 'Zambia’s electoral commission stress-tests results system before vote',
    summary:
      'Officials simulated a nationwide count, a cyber attack and power failures at polling stations as the commission tries to head off disputes over how quickly and safely results are sent.',
    author: 'Chipo Banda',
    tags: ['Africa', 'Technology', 'Cybersecurity'],
    hoursAgo: 44,
    related: ['election-deepfake-audio-clip-removed', 'kariba-low-water-deepens-power-cuts'],
    body: md`
Zambia’s electoral commission has run a full rehearsal of its results transmission system, simulating a nationwide count, a cyber attack and widespread power failures as it tries to head off disputes over the general election in ten days’ time.

Under the system, presiding officers photograph the signed results sheet at each polling station and send it through an encrypted app to the national tally centre in Lusaka, where it is published on a public portal. Party agents receive paper copies of the same sheet, so they can check the online figures against what they saw counted.

“Every number on the portal will have a photograph behind it,” said Joseph Chileshe, a spokesperson for the Electoral Commission of Zambia. “If a figure changes between the polling station and Lusaka, anyone will be able to see it.”

## Power and bandwidth

The rehearsal took place against a background of power cuts lasting most of the day in many areas, caused by low water at the country’s hydropower dams. The commission said every polling station would be issued with a charged power bank and that 1,800 of the most remote sites would receive solar kits.

Officials also tested what happens when mobile data is unavailable. In that case, presiding officers carry the sheets to the nearest ward collation centre, a journey that can take a day in rural areas.

## Security tested

A team of local and foreign security specialists tried to break into the system during the exercise. The commission said the attacks caused a 40-minute slowdown of the public portal but did not touch the underlying results data, and that it had since added capacity.

Observers welcomed the openness but said confidence would depend on speed. “The risk is the gap between the first results and the last,” said Natasha Phiri of the Lusaka-based monitoring group Ballot Lens. “Rumours fill any gap, and this campaign has already seen a fake audio clip spread faster than any correction.”

> “We would rather find the weaknesses now, in front of observers, than on election night,” Chileshe said.

The commission has said it expects to declare the presidential result within 72 hours of polls closing.
`,
  },
  {
    slug: 'direct-to-phone-satellites-first-launch',
    title: 'Halcyon Orbital launches first satellites built to reach ordinary phones',
    summary:
      'The Toulouse-based start-up put 24 large satellites into orbit, the first step towards text messages and, later, voice calls for unmodified smartphones in places without mobile coverage.',
    author: 'Kenji Morita',
    tags: ['Space', 'Technology'],
    hoursAgo: 58,
    related: ['astronomers-satellite-brightness-concerns', 'methane-tracking-satellite-first-images'],
    body: md`
Halcyon Orbital, a start-up based in Toulouse, has launched its first 24 satellites from Kourou in French Guiana, the opening step in a plan to connect ordinary smartphones directly to space in areas that mobile masts do not reach.

Each satellite unfolds in orbit into an antenna array of about 40 square metres, large enough to pick up the faint signal of a standard phone from 500 kilometres away. Ground controllers confirmed that all 24 had deployed their arrays within six hours of launch.

“Your phone doesn’t need anything new,” said Élodie Marchand, Halcyon’s chief executive. “The satellite behaves like a very tall mobile mast. That is the whole idea.”

## Texts first, calls later

Halcyon has agreements with mobile operators in 11 countries, mostly in Africa, South America and South-East Asia, which would sell the service as an add-on to existing plans. With only 24 satellites in orbit, coverage will come and go, so the company will start with text messages and emergency alerts, which can wait a few minutes for a satellite to pass overhead.

Continuous coverage needs about 200 satellites. Halcyon plans to launch them over three years and says it has funding for the first 120.

- Text messages and emergency alerts: from early next year
- Voice calls: once about 150 satellites are in orbit
- Data: limited to a few hundred kilobits per second per user

## Brightness and spectrum

The large antennas make the satellites among the brightest objects in low orbit, and astronomers have asked the company to darken them. Halcyon said the new satellites carry a coating that reduces reflected light by about half compared with its prototype, and that it shares orbital data with observatories so they can avoid pointing telescopes at them.

Regulators must also decide how satellite signals share frequencies with networks on the ground. “The technology works; the hard part is the spectrum paperwork,” said Ravi Menon, an analyst at the consultancy Orbital Economics. “Each country has to agree, one by one.”

Mobile operators are also weighing the service as a backup for places where a single fibre route or undersea cable carries most traffic.
`,
  },
  {
    slug: 'emerging-market-central-banks-food-inflation',
    title: 'Food prices push emerging-market central banks to pause rate cuts',
    summary:
      'Drought, weaker harvests and costlier imports have reversed the fall in inflation in several economies, with Zambia raising rates and others in Africa and Latin America holding them steady.',
    author: 'Olivia Hart',
    tags: ['Economy', 'Africa', 'Americas'],
    hoursAgo: 73,
    related: ['southern-africa-maize-harvest-drought', 'ecb-holds-rates-energy-prices', 'asian-chip-exports-growth-rate-outlook'],
    body: md`
Rising food prices are forcing central banks in several emerging economies to halt or reverse the interest rate cuts that many had expected this year, as drought and weaker currencies push up the cost of staples.

The Bank of Zambia raised its main policy rate by half a percentage point this week, saying the price of maize meal had risen by more than 60 per cent in a year after a drought cut the regional harvest. Central banks in Kenya, Colombia and Peru kept rates unchanged at their latest meetings, each citing food prices as a reason for caution.

“For a lot of households in these countries, food is a third to a half of spending,” said Lindiwe Dube, chief economist at the Johannesburg-based firm Mbali Research. “When maize or rice goes up, it shows up in the inflation numbers immediately and in wage demands a few months later.”

## Weather, not demand

Economists say the difficulty for policymakers is that higher interest rates do nothing to make rain fall. The aim is instead to stop a one-off jump in food prices from turning into a broader rise in inflation expectations.

“You are not trying to fix the harvest,” Dube said. “You are trying to stop shopkeepers and workers from assuming that prices will keep rising at this pace.”

Some central banks face a second pressure from their currencies. A stronger US dollar has made imported grain and fuel more expensive in local terms, and several of the affected countries import most of their wheat and cooking oil.

## Growth costs

Higher borrowing costs come at an awkward moment. Power cuts in Zambia, caused by the same drought that hit the harvest, have already reduced output in manufacturing and mining.

- Zambia: policy rate raised by 0.5 percentage points
- Kenya, Colombia, Peru: rates held
- Food inflation: above 20 per cent in some countries, from about 9 per cent a year ago

“This is the least bad option,” said Marco Alvarenga, an economist at the Bogotá-based consultancy Andina Macro. “Cutting into a food shock risks having to raise rates much further later.”

Investors are now watching whether central banks in Asia, where inflation has cooled faster, can keep cutting, and whether the European Central Bank’s caution over energy prices spreads to other advanced economies.
`,
  },
  {
    slug: 'penang-advanced-chip-packaging-plant-opens',
    title: 'Tessaro opens $2.1 billion chip packaging plant in Penang',
    summary:
      'The plant will stack and bond chips for AI servers, a manufacturing step that has become a bottleneck for the industry, and will employ 3,000 people once it reaches full output in two years.',
    author: 'Priya Raman',
    tags: ['Technology', 'Asia', 'Artificial Intelligence', 'Economy'],
    hoursAgo: 88,
    related: ['asian-chip-exports-growth-rate-outlook', 'data-centre-grid-connection-queue'],
    body: md`
Tessaro Microsystems has opened a $2.1 billion advanced chip packaging plant in Penang, betting that the Malaysian island can become a centre for one of the tightest bottlenecks in the supply of processors for artificial intelligence.

The plant, in the Batu Kawan industrial zone, will bond several chips, typically a processor and stacks of high-bandwidth memory, onto a single base so they can exchange data at high speed. The technique, known as advanced packaging, has become essential for the accelerators used in AI data centres, and capacity worldwide has failed to keep up with demand.

“For years packaging was treated as the cheap final step,” said Chen Wei Lin, Tessaro’s chief operating officer. “Today it is often the reason a customer cannot get a chip.”

## Jobs and incentives

Tessaro, which is headquartered in Singapore, said the plant would employ about 3,000 people when it reaches full production in two years, around a third of them engineers and technicians. Malaysia’s investment authority offered a ten-year tax break and help with training.

Penang has assembled and tested chips for multinational companies since the 1970s, and industry groups say it has the skills to move into more complex work. But manufacturers in the area compete for a limited pool of engineers.

“Everyone is hiring the same people,” said Nurul Aziz, who runs the Penang Semiconductor Workforce Council, an industry training body. “We are training more graduates every year, but not fast enough for the plants that are opening now.”

## Power and water

The plant will draw about 90 megawatts of electricity at full output, as well as large volumes of ultra-pure water. Tessaro said it would recycle about 70 per cent of its water and buy renewable power through a green tariff offered by the national utility.

Analysts said the opening reflected how chipmakers are spreading production across more countries. “Customers want a second source outside the handful of places where most advanced chips are made today,” said Arjun Mehta, a semiconductor analyst at the research firm Lattice Insights.

The first shipments are due within six months. Chip exports have been the main driver of growth across much of East and South-East Asia this year, and demand for AI hardware shows little sign of slowing, with data centre developers in Europe and the Americas queuing for power to run it.
`,
  },
  {
    slug: 'southern-africa-maize-harvest-drought',
    title: 'Drought cuts southern Africa’s maize harvest by nearly a third',
    summary:
      'Regional crop estimates point to the worst harvest in more than a decade in Zambia, Zimbabwe and Malawi, pushing up food prices and leaving millions of households dependent on aid.',
    author: 'Chipo Banda',
    tags: ['Climate', 'Africa', 'Economy'],
    hoursAgo: 104,
    related: ['wfp-southern-africa-drought-appeal', 'kariba-low-water-deepens-power-cuts', 'drought-tolerant-seed-southern-africa'],
    body: md`
Southern Africa’s maize harvest has fallen by nearly a third from last year after a drought withered crops across Zambia, Zimbabwe and Malawi, according to regional crop estimates, leaving millions of households short of the region’s staple food.

Estimates compiled by the Southern African Development Community put the combined harvest of the three countries at about 4.1 million tonnes, against an average of about 6 million over the past five years. Zambia, usually a net exporter, will need to import maize for the first time in more than a decade.

“The rains came late, and then they stopped just when the plants were flowering,” said Mutale Chanda, who farms eight hectares near Choma in Zambia’s Southern Province. “What I harvested will not feed my family until the next season.”

## Prices climbing

The shortfall has pushed up prices across the region. A 25-kilogram bag of maize meal in Lusaka costs more than 60 per cent more than a year ago, according to a monthly survey by a consumer group. Zambia and Malawi have restricted exports to protect local supplies, and traders say informal cross-border trade has become more expensive.

The drought has been linked to the El Niño weather pattern, which tends to bring dry conditions to southern Africa. Scientists say rising temperatures make such droughts more severe, because heat dries out soils faster.

## Aid and imports

Governments are buying grain from South Africa and East Africa, but transport costs and a shortage of foreign currency have slowed purchases. The UN’s World Food Programme has appealed for funds to feed people in the worst-hit districts.

According to agricultural economists, the region needs over the coming months:

- about 2 million tonnes of imported maize, mostly moved by road and rail
- seed and fertiliser for the next planting season
- cash transfers for households that have sold livestock to buy food

“The worry is not only this year,” said Eunice Mulenga, an agricultural economist in Lusaka. “Families that sell their seed and their animals to survive start the next season poorer, and that is how a bad harvest becomes a bad decade.”

The same drought has drained the reservoirs behind the region’s hydropower dams, adding power cuts to the strain on farmers and businesses.
`,
  },
  {
    slug: 'europe-battery-storage-evening-peak-record',
    title: 'Batteries meet a record share of Europe’s evening power demand',
    summary:
      'Grid-scale batteries supplied about 6 per cent of demand at the evening peak across five of the EU’s largest power markets, helping to smooth prices as solar output fades each day.',
    author: 'Tomasz Wielgosz',
    tags: ['Energy', 'Europe', 'Technology', 'Climate'],
    hoursAgo: 127,
    related: ['wind-lull-european-power-prices', 'north-sea-interconnector-cable-laying', 'data-centre-grid-connection-queue'],
    body: md`
Grid-scale batteries supplied a record share of Europe’s electricity at the evening peak this week, according to an analysis of grid data, a sign of how quickly storage is changing the way power systems balance supply and demand.

Batteries met about 6 per cent of demand between 6pm and 9pm across Germany, Italy, Spain, the Netherlands and Belgium on their best day, up from less than 2 per cent a year earlier, according to the Berlin-based think tank Stromwerk Analytics.

Most of the batteries charge in the middle of the day, when solar power is plentiful and prices are often close to zero, and sell the power back in the evening, when demand rises and solar output falls away.

“Two years ago the evening ramp was handled almost entirely by gas plants,” said Katrin Lehmann, head of analysis at Stromwerk. “Now batteries take the first, steepest part of it, and gas comes in later and for shorter periods.”

## Smoother prices

The effect is visible in prices. The gap between the cheapest and most expensive hours of the day has narrowed in the markets with the most storage, which reduces the premium gas plants can earn in the evening.

Battery operators say the market is becoming crowded. “The easy money from buying at noon and selling at seven is shrinking as more batteries connect,” said Jaime Ortega, chief executive of Kestrel Storage, which runs 1.2 gigawatts of batteries in Spain and Italy. “The next stage is longer-duration storage that can cover a whole evening, not just the peak.”

## Limits in a wind lull

Batteries cannot help much during long spells of weak wind and little sun, when there is no cheap power to store. A week-long lull last month sent wholesale prices to their highest level in a year and showed the limits of storage that lasts only two to four hours.

Grid operators say they also need:

- more cross-border interconnectors to share surpluses between countries
- faster grid connections, with hundreds of battery projects waiting in queues alongside data centres
- clear rules on how batteries are paid for standing ready in emergencies

Europe added about 20 gigawatts of battery capacity last year, the analysis found, and is on course to add more this year.
`,
  },
  {
    slug: 'dengue-local-cases-southern-europe',
    title: 'Locally acquired dengue cases climb in southern Europe',
    summary:
      'Health authorities in Italy, France and Spain have recorded more infections from local mosquitoes than in any previous year, as the tiger mosquito spreads and warm weather lasts longer.',
    author: 'Lucía Ferrer',
    tags: ['Health', 'Climate', 'Europe'],
    hoursAgo: 149,
    related: ['ai-mosquito-traps-dengue-surveillance', 'latin-america-dengue-vaccination-drive'],
    body: md`
Southern Europe has recorded more cases of dengue fever caught from local mosquitoes this year than in any previous year, health officials said, as the insect that spreads the virus settles further north and warm weather lasts longer.

Italy, France and Spain together have reported 312 locally acquired infections so far this year, according to figures compiled by the European Centre for Disease Prevention and Control, compared with about 130 in the whole of last year. Until a decade ago, almost every case in Europe was in a traveller returning from the tropics.

The virus is carried by the Asian tiger mosquito, which arrived in Italy in the 1990s and is now established across much of southern and central Europe. A mosquito becomes infectious after biting a traveller carrying the virus, and can then infect people who have never left their town.

“The mosquito has been here for years; what has changed is how long the season lasts,” said Chiara Benedetti, an epidemiologist in Bologna. “Warm nights let the virus multiply faster inside the insect, and the warm months now stretch well beyond the summer.”

## Most cases mild

Most people infected with dengue have no symptoms or a fever that passes within a week. A small proportion develop severe dengue, which can cause internal bleeding and requires hospital care. No deaths from locally acquired cases have been reported in Europe this year.

Local authorities have responded to clusters by spraying insecticide, checking gardens and drains for standing water and asking residents to use repellent. Blood donation centres in affected areas screen donations or ask recent visitors to wait before giving blood.

## What residents can do

Officials in the affected regions have asked people to:

- empty plant saucers, buckets and other containers that collect rainwater
- use repellent during the day, when the tiger mosquito bites most
- see a doctor about a high fever with headache and joint pain

Public health experts say Europe can learn from Latin America, which is facing its own record dengue season and has widened vaccination, and from cities testing automated traps that identify and count mosquitoes.

“We are not heading for tropical levels of dengue,” Benedetti said. “But we have to stop thinking of it as a travel disease.”
`,
  },
  {
    slug: 'european-night-train-network-expands',
    title: 'Night trains return to three European routes as demand grows',
    summary:
      'The Brussels-based cooperative Nocturne Rail will run sleeper services to Copenhagen, Kraków and Rome, betting that travellers will trade short flights for a bed on the rails.',
    author: 'Sofia Lindqvist',
    tags: ['Europe', 'Climate', 'Economy'],
    hoursAgo: 172,
    related: ['high-speed-rail-fare-war-new-operators', 'rail-digital-signalling-upgrade-delays'],
    body: md`
A cooperative backed by rail enthusiasts and two pension funds will start running night trains on three new international routes in Europe, the latest sign of a revival of sleeper services that were largely abandoned two decades ago.

Brussels-based Nocturne Rail said it would run services from Brussels to Copenhagen, from Amsterdam to Kraków and from Lyon to Rome, each three or four times a week at first. It has leased 60 refurbished sleeping and couchette cars and will hire locomotives and drivers from national operators along the way.

“People tell us the same thing: they would rather not fly, but they don’t want to spend their whole day on a train either,” said Margot Declercq, Nocturne’s managing director. “A night train gives you the day back.”

## Thin margins

Night trains are hard to make profitable. Each carriage carries far fewer passengers than on a day train, the rolling stock sits idle during the day, and operators pay track access charges in every country they cross.

Nocturne expects to break even in its third year if its trains are 70 per cent full. Fares will start at €49 for a couchette berth and €159 for a private compartment.

- Brussels to Copenhagen: 12 hours, via Hamburg
- Amsterdam to Kraków: 15 hours, via Berlin
- Lyon to Rome: 13 hours, via Turin

## Calls for EU support

Rail campaigners say night trains compete on unequal terms with airlines, which pay no fuel tax on international flights. Some governments have begun to subsidise sleeper routes, and the European Commission is studying proposals to cut track charges for cross-border services.

Operators also face practical obstacles. Signalling systems and safety rules still differ at many borders, and a delayed rollout of a common digital signalling system means locomotives must carry several sets of equipment.

“Every border is a small negotiation,” Declercq said. “We would love to run one train from one end to the other with one crew. We are not there yet.”

The routes will open in stages over the next six months. On daytime lines, meanwhile, new operators are cutting fares to win passengers from incumbents.
`,
  },
  {
    slug: 'hospital-it-audit-unsupported-software',
    title: 'Audit finds a third of Saxony’s hospitals run unsupported software',
    summary:
      'The state audit office says many hospitals rely on systems that no longer receive security updates and spend less than 2 per cent of their budgets on IT, leaving them exposed to ransomware.',
    author: 'Jonas Eklund',
    tags: ['Cybersecurity', 'Health', 'Europe'],
    hoursAgo: 196,
    related: ['eu-agency-health-sector-ransomware-report', 'ransomware-attack-saxony-hospitals-divert-ambulances'],
    body: md`
A third of hospitals in the German state of Saxony are running important systems on software that no longer receives security updates, the state’s audit office said in a report, warning that the gaps leave them exposed to ransomware attacks.

The audit examined 62 hospitals and found that 21 were using at least one unsupported operating system on machines connected to their main network, most often in radiology, laboratories and building management. Several still used remote-access gateways with known vulnerabilities that manufacturers had fixed months earlier.

“Hospitals are not careless. They are underfunded, and IT loses out to beds and staff every time,” the report said.

## Old machines, expensive fixes

Much of the outdated software runs on medical devices such as scanners, whose manufacturers certify them only with a particular version of an operating system. Updating the computer can mean losing the certification, and replacing the device can cost millions of euros.

“You end up with a scanner that works perfectly and a computer attached to it that is ten years out of date,” said Birgit Hansen, IT director at a mid-sized hospital in Leipzig who was not involved in the audit. “The realistic answer is to isolate those machines from everything else, and that takes staff we don’t have.”

The audit found that most hospitals spent less than 2 per cent of their budgets on IT, compared with the 4 to 6 per cent that industry bodies recommend, and that nearly half had no full-time security specialist.

## Recommendations

The audit office called on the state government and hospital operators to:

- separate medical devices and building systems from the main hospital network
- require two-factor authentication for all remote access by staff and suppliers
- rehearse running each hospital on paper for at least 72 hours
- set aside a fixed share of investment funding for IT security

The report did not name individual hospitals, saying that doing so could help attackers. The state health ministry said it welcomed the recommendations and would discuss funding with hospital operators.

Security specialists said the findings matched a wider picture across Europe, where the EU’s cybersecurity agency has reported that health care is the sector most often hit by ransomware.
`,
  },
  {
    slug: 'data-centre-grid-connection-queue',
    title: 'Data centre boom leaves projects queuing years for grid connections',
    summary:
      'Developers in the Netherlands, Ireland and Germany face waits of up to ten years for power, as requests from data centres built for AI outstrip what grid operators can build.',
    author: 'Tomasz Wielgosz',
    tags: ['Technology', 'Energy', 'Europe', 'Artificial Intelligence'],
    hoursAgo: 221,
    related: ['europe-battery-storage-evening-peak-record', 'chile-towns-question-data-centre-water-use', 'penang-advanced-chip-packaging-plant-opens'],
    body: md`
Data centre developers in some of Europe’s busiest markets are being told to wait up to a decade for a grid connection, as requests for power from facilities built to run artificial intelligence outstrip what network operators can deliver.

In the Netherlands, grid operators have stopped accepting new large connections in several provinces until new substations and lines are built. Around Dublin, new data centres must show they can generate or store some of their own power. In the Frankfurt region, Germany’s biggest data centre hub, developers say the connection dates they are quoted have slipped into the next decade.

“We have buildings, customers and money. What we don’t have is a date,” said Pieter Veldstra, founder of the Dutch developer Veldstra Data, which has two sites waiting for connections. “The bottleneck used to be chips. Now it is a cable to the substation.”

## A queue of speculative requests

Grid operators say the queues are inflated by speculative applications, with developers reserving capacity at several sites and building on only one. Requests for new data centre connections across the three countries add up to more than 30 gigawatts, according to figures operators shared at an industry conference, several times what is likely to be built.

Some countries are changing the rules so that projects ready to build move ahead of those that are not. Others are asking data centres to accept flexible connections that can be cut back at times of peak demand.

## Competing for the same wires

Data centres are not alone in the queue. Battery storage projects, heat pumps for district heating, electric bus depots and factories switching from gas all need new connections, and some local politicians argue that housing and industry should come first.

- Typical wait in congested Dutch provinces: seven to ten years
- Data centres’ share of Irish electricity use: about a fifth
- A large AI data centre: 100 megawatts or more, as much as a mid-sized city

“A data centre creates a few hundred jobs and uses as much power as a town,” said Maeve Gallagher, an energy researcher in Dublin. “That trade-off has become a political question, not a technical one.”

Developers are increasingly looking elsewhere, to the Nordic countries, where power is plentiful, and to regions outside Europe, though water shortages have become a concern in some of those too.
`,
  },
  {
    slug: 'kariba-low-water-deepens-power-cuts',
    title: 'Low water at Kariba dam deepens power cuts in Zambia and Zimbabwe',
    summary:
      'Power stations on the Zambezi are running at a fraction of capacity after a drought, leaving homes without electricity for up to 17 hours a day and forcing mines and factories to cut output.',
    author: 'Chipo Banda',
    tags: ['Energy', 'Africa', 'Climate'],
    hoursAgo: 247,
    related: ['southern-africa-maize-harvest-drought', 'wfp-southern-africa-drought-appeal', 'emerging-market-central-banks-food-inflation'],
    body: md`
Power cuts in Zambia and Zimbabwe have lengthened to as much as 17 hours a day after water levels at Lake Kariba, the world’s largest man-made reservoir by volume, fell close to the minimum needed to run its turbines.

The Zambezi River Authority, which manages the dam for the two countries, has cut the volume of water each may use for generation this year after a drought reduced inflows to the lake to less than a quarter of the long-term average. The two power stations at the dam, which together can produce more than 2,000 megawatts, are running at a fraction of that.

“When the lake is this low, every cubic metre we release now is one we will not have next month,” said Tafadzwa Mhlanga, an engineer who has worked on the Zambezi’s hydropower plants for two decades. “There is no way to make more electricity out of less water.”

## Generators and solar panels

Zambia gets more than four-fifths of its electricity from hydropower, and Zimbabwe about half. Both countries have scheduled rolling blackouts, known locally as load-shedding, with many neighbourhoods receiving power only late at night.

Copper mines, the backbone of Zambia’s export economy, have been asked to cut consumption and to import power at higher prices. Smaller businesses have turned to diesel generators, and imports of solar panels and batteries have surged.

“I used to pay for electricity. Now I pay for diesel, and diesel costs five times as much,” said Kelvin Mwale, who runs a welding workshop in Lusaka’s light industrial area.

## No quick fix

Both governments are importing electricity from neighbouring countries, but supplies across the region are tight. New solar farms are under construction in Zambia, and officials hope they will add several hundred megawatts within a year.

Real relief depends on the rains. Even a good rainy season would take more than a year to refill the lake to comfortable levels, engineers say.

- Usable water in Lake Kariba: under 10 per cent of capacity
- Load-shedding: up to 17 hours a day in parts of both countries
- Zambia’s electricity from hydropower: more than 80 per cent

The drought has also cut the region’s maize harvest sharply, and higher food and fuel costs are feeding into inflation.
`,
  },
  {
    slug: 'subsea-cable-repair-ship-shortage',
    title: 'Ageing cable repair fleet struggles to keep up with subsea faults',
    summary:
      'About 60 specialist ships maintain the world’s undersea internet cables, and half of them are more than 25 years old. Operators warn that repairs are getting slower as the network grows.',
    author: 'Amani Njoroge',
    tags: ['Technology', 'Economy'],
    hoursAgo: 275,
    related: ['east-africa-subsea-cable-faults-slow-internet', 'east-africa-regulators-warn-cable-redundancy'],
    body: md`
The fleet of specialist ships that repairs the world’s undersea internet cables is too small and too old for a network that keeps growing, cable operators and ship owners warned at an industry meeting in Singapore this week.

About 60 ships worldwide are equipped to locate, lift and splice damaged fibre-optic cables on the sea floor, according to figures presented at the meeting. Around half are more than 25 years old, and only a handful of new ships have been ordered in the past decade, even as the number of cables has roughly doubled.

“We are maintaining a 21st-century network with a 20th-century fleet,” said Ingrid Solberg, chief executive of Calder Subsea, which operates four repair ships in the Atlantic and Indian oceans. “Every year the queue of faults gets a little longer.”

## Hundreds of faults a year

There are about 150 to 200 cable faults a year, most caused by fishing gear and ships’ anchors, with others caused by underwater landslides and earthquakes. A typical repair takes one to two weeks once a ship is on site, but getting there can take much longer.

Repair ships are shared under regional maintenance agreements, with cable owners paying an annual fee to keep a vessel on standby. When several faults happen at once, the ships work through them in turn.

- Average time to restore a cable: about 40 days in some regions, up from under 30 a decade ago
- New repair ships ordered in the past ten years: fewer than ten
- Cost of a new ship: roughly $100 million to $150 million

## Crews and permits

Ship owners say new vessels are only part of the answer. Experienced crews and cable jointers are retiring faster than they can be replaced, and some governments require permits before a foreign ship can work in their waters, which can add days or weeks to a repair.

The delays matter most in regions that rely on a few cables. “If you have ten cables, one fault is an inconvenience,” Solberg said. “If you have three, it is a national problem.”

Industry groups have asked governments to help pay for new ships and to agree fast-track permits for repair work, arguing that cables are as critical to their economies as power lines or ports.
`,
  },
  {
    slug: 'election-deepfake-audio-clip-removed',
    title: 'Fake audio of Zambian election official spreads ahead of vote',
    summary:
      'A fabricated recording in which an election official appears to announce a delay to voting was shared tens of thousands of times before the commission denied it and platforms took copies down.',
    author: 'Mara Okafor',
    tags: ['Artificial Intelligence', 'Africa', 'Technology'],
    hoursAgo: 302,
    related: ['zambia-electoral-commission-results-system-test', 'ai-generated-media-labelling-draft-rules'],
    body: md`
A fabricated audio recording in which a Zambian election official appeared to announce that voting would be postponed in three provinces was shared tens of thousands of times before the electoral commission denied it, in what fact-checkers called the most widely spread piece of election disinformation in the country so far.

The clip, just under a minute long, uses a voice closely resembling that of a senior commission official and blames the delay on “technical difficulties caused by load-shedding”. It spread first in community messaging groups in the Copperbelt and was later posted on social media, where some copies were viewed hundreds of thousands of times.

“The voice was convincing, and the content played on something people already worry about,” said Mwila Zulu, an editor at the independent fact-checking group Lusaka Fact Desk, which traced the clip. “That is what made it dangerous.”

## Made with cheap tools

Audio specialists who examined the recording for the fact-checkers said it showed signs of having been generated by artificial intelligence, including unnatural breathing and background noise that did not change when the speaker paused. Voice-cloning tools are widely available and can imitate a voice from a few minutes of recorded speech.

The commission said the recording was “entirely false” and that the election would take place on the same day in all provinces. It asked people to rely on its official channels and reported the clip to the police.

Social media platforms removed copies after the commission complained, but versions kept circulating in private groups, where they are hard to trace or take down.

## Rules lag behind

Zambia has no law dealing specifically with AI-generated content, and rights groups warn that broad laws against false publications can be turned against journalists. Elsewhere, regulators are moving towards labels: the European Union has published draft rules requiring AI tools to mark synthetic audio and images in a way that software can detect.

Fact-checkers say labels would help only if the apps people use actually read them.

> “Most people will hear this on a phone, forwarded by a relative,” Zulu said. “No label survives that journey.”

The commission has said it will publish polling-station results online as they arrive, in part to leave less room for rumours on election night.
`,
  },
  {
    slug: 'european-ai-startups-compliance-costs',
    title: 'European AI start-ups say compliance costs are pushing them abroad',
    summary:
      'A survey of 400 founders found that one in five had moved or planned to move staff or headquarters outside the EU, citing legal costs and uncertainty over how the bloc’s AI rules will be enforced.',
    author: 'Helena Brandt',
    tags: ['Artificial Intelligence', 'Europe', 'Economy'],
    hoursAgo: 333,
    related: ['eu-agrees-audit-rules-powerful-ai-models', 'ai-generated-media-labelling-draft-rules'],
    body: md`
One in five European artificial intelligence start-ups has moved or plans to move staff or its headquarters outside the European Union, according to a survey published this week, with founders citing the cost of complying with the bloc’s AI rules and uncertainty about how they will be enforced.

The survey of 400 founders, carried out by the Lisbon-based association Scaleup Forum Europe, found that companies building AI products expected to spend an average of €180,000 a year on legal advice, documentation and testing to meet the rules, a large sum for businesses that often have fewer than 20 employees.

“We spent more on lawyers last quarter than on computing power,” said Inês Carvalho, co-founder of Lumio Labs, a Lisbon start-up that builds AI tools for radiologists. “Medical AI was already heavily regulated. Now we answer the same questions twice, to two different authorities.”

## Uncertainty, not only cost

Many founders said the bigger problem was uncertainty. Guidance on which AI systems count as high-risk has been published in stages, and several member states are still setting up the national authorities that will enforce the rules.

- Founders who said the rules were clear: 23 per cent
- Founders who had delayed a product launch in the EU: 38 per cent
- Founders who had moved or planned to move staff outside the EU: 21 per cent

Most of those leaving named the United States as their destination, followed by Britain and Switzerland.

## Brussels defends its approach

A European Commission spokesperson said the rules applied mainly to high-risk uses and to the most powerful models, and that small companies benefited from reduced fees and regulatory “sandboxes” in which they can test products under supervision.

Some investors said the concerns were overstated. “Every regulation produces a survey saying everyone will leave,” said Thibault Renard, a partner at the Paris venture firm Quillon Capital. “Hospitals and banks want to know a product has been checked. In the long run that is an advantage.”

The debate is likely to intensify as negotiators finalise detailed obligations for developers of the largest models, including independent audits that industry groups say will require expertise in short supply in Europe.
`,
  },
  {
    slug: 'astronomers-satellite-brightness-concerns',
    title: 'Astronomers urge limits on brightness of planned phone satellites',
    summary:
      'Observatories in Chile say a new generation of large satellites designed to connect directly to phones could be visible to the naked eye and ruin long exposures unless they are darkened.',
    author: 'Kenji Morita',
    tags: ['Space', 'Technology', 'Americas'],
    hoursAgo: 361,
    related: ['direct-to-phone-satellites-first-launch', 'methane-tracking-satellite-first-images'],
    body: md`
Astronomers have called on regulators to set limits on how bright satellites can be, warning that a new generation of large spacecraft designed to connect directly to mobile phones could spoil observations at the world’s leading observatories.

The satellites carry antenna arrays tens of square metres across, far larger than those on existing internet satellites, so that they can pick up weak signals from ordinary handsets. Observations of a prototype launched last year by Halcyon Orbital showed that it was at times among the brightest objects in the night sky, astronomers said.

“One bright satellite is an annoyance. Thousands of them are a change to the sky that everyone on Earth shares,” said Valentina Rojas, an astronomer at an observatory in Chile’s Atacama Desert, home to some of the world’s largest telescopes.

## Streaks on the images

Telescopes that survey the sky take long exposures, and a satellite crossing the field of view leaves a bright streak. Software can remove some streaks, but very bright ones can saturate the detector and ruin the image. Astronomers say the problem is worst around dawn and dusk, when satellites are still lit by the sun but the sky is dark.

The International Astronomical Union has recommended that satellites be too faint to see with the naked eye, but the recommendation is voluntary.

Astronomers are asking for:

- binding brightness limits as a condition of launch licences
- accurate, public orbital data so that telescopes can avoid satellite paths
- dark coatings and sun shades on new satellites, tested before launch

## Operator responds

Halcyon said it took the concerns seriously and that its production satellites would carry a coating that cut reflected light by about half compared with the prototype. “We want the sky to stay dark, and we also want people in remote villages to be able to call for help,” said Élodie Marchand, the company’s chief executive. “We think we can do both.”

Rojas said the coating was welcome but not enough. “Half as bright as very bright is still bright,” she said. “We need rules written before thousands of these are in orbit, not after.”

Halcyon plans to launch its first batch of 24 production satellites in the coming weeks.
`,
  },
  {
    slug: 'ecb-holds-rates-energy-prices',
    title: 'European Central Bank holds rates and warns of energy price risks',
    summary:
      'Policymakers kept borrowing costs unchanged and said a jump in wholesale electricity prices during a recent wind lull meant inflation could take longer to settle at target.',
    author: 'Olivia Hart',
    tags: ['Economy', 'Europe', 'Energy'],
    hoursAgo: 392,
    related: ['wind-lull-european-power-prices', 'emerging-market-central-banks-food-inflation', 'asian-chip-exports-growth-rate-outlook'],
    body: md`
The European Central Bank kept interest rates unchanged, saying a recent jump in energy prices meant inflation in the euro zone could take longer than expected to settle at its 2 per cent target.

The bank left its deposit rate where it was, as most economists had expected, and gave no firm signal about its next move. Policymakers would continue to decide “meeting by meeting, based on the incoming data”, it said in a statement.

Euro zone inflation rose to 2.6 per cent last month from 2.3 per cent the month before, according to official estimates, driven mainly by energy. Wholesale power prices surged during a week of weak wind and little sunshine across northern Europe, and part of that increase has already reached household and business bills.

“The bank is telling markets it will not simply look through an energy spike,” said Anneke de Vries, chief euro zone economist at the Amsterdam-based Rijnstad Bank. “The memory of being too slow to react last time is still strong.”

## Core inflation steady

Excluding energy and food, core inflation was unchanged at 2.4 per cent, which some economists said gave the bank room to cut later in the year if energy prices ease.

“Energy is volatile in both directions,” said Pablo Herrera, an economist at the Madrid consultancy Meseta Economics. “If the wind blows and gas stays cheap, this will look like a blip in three months’ time.”

## Growth forecast trimmed

The bank lowered its forecast for economic growth this year, citing weak industrial output in Germany and Italy and the effect of higher energy costs on manufacturers.

- Deposit rate: unchanged
- Headline inflation: 2.6 per cent
- Core inflation: 2.4 per cent

Investors scaled back bets on a cut at the next meeting after the decision, and the euro edged higher against the dollar.

Analysts said the picture was very different in some emerging markets, where central banks face much sharper rises in food prices. Battery storage and new cross-border power links should make price spikes in Europe smaller over time, economists said, but not quickly enough to change this year’s inflation outlook.
`,
  },
  {
    slug: 'chile-towns-question-data-centre-water-use',
    title: 'Drought-hit towns near Santiago question data centres’ water use',
    summary:
      'Residents and farmers in central Chile say new data centres will compete for scarce water after more than a decade of drought. The developer says its redesigned plant will use far less.',
    author: 'Lucía Ferrer',
    tags: ['Technology', 'Climate', 'Americas'],
    hoursAgo: 426,
    related: ['data-centre-grid-connection-queue', 'penang-advanced-chip-packaging-plant-opens'],
    body: md`
Residents of towns on the edge of Santiago are challenging plans for a cluster of new data centres, arguing that facilities which use water to cool their servers should not be built in a region that has been in drought for more than a decade.

Cumbre Data, a Chilean developer, wants to build three data centres with a combined capacity of 120 megawatts in the Maipo valley south of the capital. Its original design relied on evaporative cooling that would have used up to 1.5 million litres of water a day at peak, according to documents filed with environmental authorities.

“Water trucks have been coming to some neighbourhoods here for years,” said Carolina Muñoz, a spokeswoman for a local residents’ committee. “Then we read that a building full of computers will use as much water as a town. People are angry, and they have a right to be.”

## Redesign promised

After the objections, Cumbre said it would switch to a closed-loop system that recirculates water and relies on air cooling for most of the year, cutting expected use by about 90 per cent. It said it would also use treated wastewater rather than drinking water.

“We listened to the community,” said Andrés Vidal, Cumbre’s chief executive. “The design we are submitting now uses less water in a year than the original would have used in a month.”

Closed-loop systems use more electricity, because fans and chillers must do the work that evaporation did. Critics say that shifts the burden to the power grid, although Chile has a large and growing supply of solar power.

## A wider debate

Chile has sought to become a hub for data centres in Latin America, helped by new fibre-optic links and cheap solar electricity. Similar disputes have arisen in other dry regions of the Americas and in southern Europe.

- Rainfall in central Chile: well below the long-term average in most of the past 15 years
- Original design: up to 1.5 million litres of water a day at peak
- Redesigned plant: about 150,000 litres a day, mostly treated wastewater

Farmers remain sceptical. “Every litre in this valley is already spoken for,” said Hernán Soto, who grows table grapes and chairs a local irrigators’ association.

Environmental authorities are expected to rule on the revised proposal within four months.
`,
  },
  {
    slug: 'east-africa-regulators-warn-cable-redundancy',
    title: 'East African regulators warn region relies on too few internet cables',
    summary:
      'A joint report by communications regulators says most international traffic follows the same stretch of coast, leaving Kenya, Tanzania, Uganda and Rwanda exposed to a single accident.',
    author: 'Amani Njoroge',
    tags: ['Technology', 'Africa', 'Economy'],
    hoursAgo: 458,
    related: ['east-africa-subsea-cable-faults-slow-internet', 'mombasa-oman-subsea-cable-consortium', 'subsea-cable-repair-ship-shortage'],
    body: md`
Communications regulators in East Africa have warned that the region’s internet depends on too few undersea cables following too similar a route, leaving it exposed to a single landslide, earthquake or ship’s anchor.

In a joint report, regulators from Kenya, Tanzania, Uganda and Rwanda said about 80 per cent of the region’s international internet capacity ran through four cable systems, three of which share landing stations near Mombasa and Dar es Salaam and follow the same stretch of coast southwards. Landlocked Uganda and Rwanda depend entirely on fibre running overland to those coastal landing points.

“Our economies now run on connectivity: payments, tax collection, health records, school exams,” the report said. “The network they run on has too many single points of failure.”

## What the regulators want

The report calls for:

- new cables on different routes, including northwards to the Gulf and eastwards to South Asia
- more landing stations along the coast, away from the existing hubs
- more local data centres and content caches, so that less traffic needs to leave the region
- a regional plan for emergency satellite capacity during major outages

It also recommends that banks, mobile money providers and hospitals be required to test how their services run when international links are degraded.

## Industry response

Operators broadly welcomed the report but said new routes were expensive and slow to build. “Everyone agrees on diversity until it comes to who pays for it,” said Daniel Otieno, head of infrastructure at the Kenyan operator Savanna Telecom. “A new cable is a 25-year bet.”

Repairs are also slow. Cable faults in the region can take weeks to fix because the nearest repair ship is often working elsewhere, part of an industry-wide shortage that operators have raised with governments.

A consortium of African and Gulf companies has announced plans for a new cable from Mombasa to Oman, which the regulators said would help as long as it used a separate landing site.

“The question is not whether a major outage will happen,” the report concluded. “It is whether we will be ready when it does.”
`,
  },
  {
    slug: 'wfp-southern-africa-drought-appeal',
    title: 'UN food agency seeks emergency funds as drought spreads hunger',
    summary:
      'The World Food Programme says nearly 9 million people in Zambia, Zimbabwe and Malawi will need food aid before the next harvest, and warns that malnutrition among children is rising.',
    author: 'Mara Okafor',
    tags: ['Africa', 'Climate', 'Health'],
    hoursAgo: 489,
    related: ['southern-africa-maize-harvest-drought', 'drought-tolerant-seed-southern-africa', 'kariba-low-water-deepens-power-cuts'],
    body: md`
The UN’s World Food Programme has appealed for $420 million to feed people in southern Africa over the next six months, saying a drought that withered crops across the region has left nearly 9 million people in Zambia, Zimbabwe and Malawi unable to meet their food needs.

The agency said it had so far received about a fifth of the money it needs and warned that without new funding it would have to cut rations from next month.

“We are seeing families eat one meal a day, and in some districts children are showing signs of acute malnutrition that we did not see a year ago,” said Thandiwe Moyo, a WFP spokesperson in Johannesburg. “The window to stop this becoming a much larger crisis is the next three months.”

## Health risks

Health workers say hunger is compounding other dangers. Water shortages have forced families to use unsafe sources, raising the risk of cholera and diarrhoeal disease, while malnourished children are more vulnerable to infections such as measles and pneumonia.

Clinics in southern Zambia have reported a rise in admissions of children under five with severe acute malnutrition, according to a district health official, who said supplies of therapeutic food were running low.

## Cash instead of grain

WFP said it would give cash rather than food where markets were still working, which is cheaper and supports local traders. In remote areas, and where prices have risen fastest, it will hand out maize, pulses and cooking oil.

The appeal covers:

- food or cash for about 4.5 million people
- nutrition support for 600,000 children under five and pregnant women
- seed and tools for 300,000 farming households before the next planting season

Aid agencies say donor governments have been slow to respond, as crises elsewhere compete for shrinking budgets.

Farmers’ groups say the longer-term answer lies in irrigation and in crops that cope better with dry spells. Many farmers have switched to drought-tolerant maize or to sorghum and millet, but seed supplies have not kept up.

> “Aid keeps people alive this year,” Moyo said. “It does not put water in the ground for next year.”
`,
  },
  {
    slug: 'north-sea-interconnector-cable-laying',
    title: 'Cable laying begins on Borealis power link between Denmark and the Netherlands',
    summary:
      'The 1.4-gigawatt undersea line will let the two countries trade wind power across the North Sea within four years, part of a push to share surpluses and blunt price spikes.',
    author: 'Tomasz Wielgosz',
    tags: ['Energy', 'Europe', 'Climate'],
    hoursAgo: 521,
    related: ['europe-battery-storage-evening-peak-record', 'wind-lull-european-power-prices'],
    body: md`
A specialist vessel has begun laying the first section of Borealis, a 1.4-gigawatt undersea power cable between Denmark and the Netherlands and one of the largest grid projects under way in northern Europe.

The 390-kilometre link will run from the west coast of Jutland to a converter station near Eemshaven in the northern Netherlands. It is due to enter service in four years and will be able to carry enough power for about 1.5 million homes in either direction.

“On a windy day in Denmark, this cable takes the surplus to Dutch homes and factories. On a still, sunny day in the Netherlands, it works the other way round,” said Sanne Mulder, project director for Borealis. “Every link like this makes the whole system cheaper to run.”

## Why interconnectors matter

Interconnectors let countries share surplus renewable power and cover for each other when output falls. Grid planners say they reduce the need for backup power plants and help prevent the extreme price swings seen during periods of weak wind.

But they take years to build. Borealis was first proposed more than a decade ago and spent most of that time in permitting, seabed surveys and negotiations over how costs and revenues would be shared between the two countries’ grid operators.

## Direct current under the sea

The link uses high-voltage direct current, which loses less power over long distances than alternating current. Converter stations at each end turn the power back into alternating current for the national grids.

- Length: about 390 kilometres, most of it under the seabed
- Capacity: 1.4 gigawatts
- Cost: about €2.3 billion, partly funded by the EU
- Planned start of operation: in four years

Shortages of cable factories and installation ships have delayed similar projects across Europe as countries race to connect offshore wind farms. The Borealis cable was ordered five years ago, before the recent surge in demand, which its developers say has protected it from the worst delays.

Energy analysts say many more links are needed. “Batteries cover hours. Interconnectors cover regions,” said Katrin Lehmann of the Berlin think tank Stromwerk Analytics. “You need both to get through a week without wind.”
`,
  },
  {
    slug: 'latin-america-dengue-vaccination-drive',
    title: 'Latin American countries widen dengue vaccination as cases surge',
    summary:
      'Brazil, Argentina, Paraguay and Peru are extending vaccine campaigns to more age groups and cities after a record season, but supplies remain far short of demand.',
    author: 'Lucía Ferrer',
    tags: ['Health', 'Americas', 'Climate'],
    hoursAgo: 556,
    related: ['dengue-local-cases-southern-europe', 'ai-mosquito-traps-dengue-surveillance'],
    body: md`
Several Latin American countries are widening dengue vaccination campaigns after the region recorded more cases this year than in any previous year, though health officials warn that vaccine supplies remain far short of what is needed.

Brazil, Argentina, Paraguay and Peru have each extended vaccination to new age groups or cities in recent weeks, prioritising areas with the highest rates of infection. The Pan American Health Organization said the Americas had reported more than 9 million suspected cases so far this year, with the heaviest burden in Brazil.

“Vaccines are an important new tool, but they are not the whole answer,” said Rafael Quintana, an infectious disease specialist in Asunción. “For every person we vaccinate, there are dozens more we cannot reach this year.”

## Limited supply

The vaccine in widest use requires two doses three months apart, and global production is limited. Most countries are therefore focusing on children and teenagers in high-transmission areas, who account for many hospital admissions, and on people who have had dengue before, who are at higher risk of severe illness if infected again.

Health officials hope a single-dose vaccine developed in the region will make much larger campaigns possible once production is scaled up.

## Hospitals under strain

Hospitals in several cities have opened temporary wards for dengue patients, and some have postponed planned surgery. Most patients recover with rest, fluids and careful monitoring, but the severe form of the disease can be fatal without prompt care.

Health ministries are combining vaccination with:

- clean-up campaigns to remove standing water where mosquitoes breed
- releases of mosquitoes carrying Wolbachia bacteria, which make it harder for them to transmit the virus
- training for clinics to spot the warning signs of severe dengue early

Scientists say higher temperatures and heavier rains have helped the *Aedes aegypti* mosquito spread to higher altitudes and further south, into parts of Argentina and Uruguay where dengue was once rare.

“We used to talk about the dengue season,” Quintana said. “In some cities now it is simply dengue, all year.”

European health officials are watching closely, as cases caught from local mosquitoes are rising there too.
`,
  },
  {
    slug: 'rail-digital-signalling-upgrade-delays',
    title: 'Europe’s digital rail signalling rollout running years behind schedule',
    summary:
      'Auditors say only a fraction of the EU’s main rail corridors have the common signalling system meant to let trains cross borders seamlessly, and costs keep rising.',
    author: 'Sofia Lindqvist',
    tags: ['Europe', 'Technology', 'Economy'],
    hoursAgo: 590,
    related: ['european-night-train-network-expands', 'high-speed-rail-fare-war-new-operators'],
    body: md`
The rollout of a common digital signalling system meant to let trains run seamlessly across Europe’s borders is years behind schedule and well over budget, the European Court of Auditors said in a report, warning that the bloc will miss its targets for its main rail corridors.

The system, known as ERTMS, replaces dozens of incompatible national signalling systems with a single standard, under which trains receive movement permissions and speed limits by radio and display them in the driver’s cab instead of relying on signals beside the track.

The auditors found that only about a fifth of the core network corridors had been equipped so far, against a target of full coverage by the end of the decade, and that several member states had no realistic plan to catch up.

“Trains still stop at borders to change locomotives or drivers, not because of geography but because of electronics,” the report said.

## Why it matters

Supporters say the system increases capacity, because trains can safely run closer together, and cuts costs for cross-border operators, which currently have to fit locomotives with several national systems.

“Every extra system on a locomotive costs money and space, and each needs its own certification,” said Luca Ferraro, technical director at the freight operator Alpina Cargo, which runs trains between Italy, Switzerland and Germany. “We have locomotives with five different signalling boxes. That is not a single European railway.”

## Costs and security

The auditors estimated that equipping the whole core network, including older trains, would cost tens of billions of euros, and said on-board equipment remained expensive because each country still demanded its own tests. Because the system depends on radio links, they also called for stricter cybersecurity requirements.

The report recommended:

- binding national deployment plans with yearly milestones
- EU funding priority for cross-border sections and for fitting older trains
- common testing, so that equipment approved in one country is accepted in the others
- stronger security standards for radio communication between trains and control centres

The European Commission said it accepted most of the recommendations. Rail industry groups said newer services, such as cross-border night trains and open-access high-speed operators, stood to benefit most from a single system.
`,
  },
  {
    slug: 'ai-generated-media-labelling-draft-rules',
    title: 'Brussels publishes draft rules for labelling AI-generated images and audio',
    summary:
      'Providers of AI tools would have to embed machine-readable marks in synthetic content, and large platforms would have to show visible labels, under draft guidance now open for consultation.',
    author: 'Helena Brandt',
    tags: ['Artificial Intelligence', 'Europe', 'Technology'],
    hoursAgo: 627,
    related: ['eu-agrees-audit-rules-powerful-ai-models', 'election-deepfake-audio-clip-removed', 'european-ai-startups-compliance-costs'],
    body: md`
The European Commission has published draft rules that would require companies offering artificial intelligence tools to mark the images, audio and video they generate in a way that software can detect, in an effort to curb the spread of deepfakes.

Under the draft, providers of AI systems that generate synthetic content would have to embed a machine-readable marker, such as a digital watermark or signed metadata, in everything their tools produce. Large online platforms would have to detect those markers and show users a visible label.

“People have a right to know when what they see or hear was made by a machine,” the Commission said in a statement accompanying the draft, which is open for public consultation until next month.

## Technical doubts

Researchers said the plan relied on technology that is still immature. Watermarks can be weakened or removed by cropping, compressing or re-recording content, and metadata is often stripped when files are shared.

“No single technique survives everything,” said Sunniva Berg, a media forensics researcher in Trondheim. “The draft sensibly asks for several layers. But anyone determined to remove a mark will usually succeed.”

The draft does not cover text, and it would not apply to content that has been substantially edited by a person, such as an illustration in which AI was one tool among many. Publishers criticised the exclusion of text, saying machine-written news articles were a growing problem.

## What the draft proposes

- machine-readable marks on all AI-generated images, audio and video
- visible labels on large platforms for content identified as synthetic
- a shared technical standard, to be developed with European standards bodies
- exemptions for artistic, satirical and clearly fictional works, provided their use of AI is disclosed

Rights groups welcomed the proposal but said it would do little about deepfakes passed around on messaging apps or made with open-source tools that add no marks at all.

Start-ups said the rules would add to their compliance burden. The Commission said small companies would be able to use free, open marking tools once the standard is agreed.

The consultation comes as election authorities around the world prepare for fabricated audio and video aimed at voters.
`,
  },
  {
    slug: 'eu-agency-health-sector-ransomware-report',
    title: 'Health care is Europe’s most targeted sector for ransomware, EU agency says',
    summary:
      'The EU’s cybersecurity agency counted more than 300 ransomware incidents at hospitals and health providers in a year and said most attackers got in through stolen passwords or unpatched systems.',
    author: 'Jonas Eklund',
    tags: ['Cybersecurity', 'Health', 'Europe'],
    hoursAgo: 664,
    related: ['hospital-it-audit-unsupported-software', 'ransomware-attack-saxony-hospitals-divert-ambulances'],
    body: md`
Hospitals and other health care providers were the most frequent targets of ransomware attacks in Europe over the past year, the EU’s cybersecurity agency said in a report, with more than 300 incidents recorded across member states.

The agency, ENISA, said the health sector accounted for almost a quarter of all ransomware incidents reported to national authorities, ahead of local government, manufacturing and education. The true number is probably higher, because many attacks on smaller clinics go unreported.

Attackers increasingly steal data before encrypting systems, the report said, and then threaten to publish patient records if the victim refuses to pay. Patient data was taken in more than half of the incidents analysed.

## How attackers get in

The agency found that most attacks started in one of three ways:

- stolen or guessed passwords for remote-access systems without two-factor authentication
- known vulnerabilities in internet-facing equipment that had not been patched
- phishing emails that tricked staff into opening malicious files

“None of this is sophisticated,” said Mikael Strand, an incident responder at the Stockholm-based firm Fjord Response, which has worked on hospital attacks in several countries. “The attackers are not breaking through walls. They are walking through doors that were left open.”

## Disruption to care

The report documented dozens of cases in which hospitals had to divert ambulances, postpone operations or go back to paper records. The average hospital hit by ransomware needed 18 days to restore its core systems, it said, and some took several months to recover fully.

Health providers are attractive targets precisely because disruption is so costly. A hospital that cannot see patient records or laboratory results is under intense pressure to restore services quickly, which attackers hope will make it more willing to pay.

ENISA urged governments to treat hospital cybersecurity as a matter of patient safety, to fund dedicated security staff and to require regular exercises in running hospitals without IT. It also called on medical device makers to provide security updates for the full working life of their equipment.

“A hospital can’t patch a scanner that the manufacturer no longer supports,” Strand said. “That problem has to be solved upstream.”
`,
  },
  {
    slug: 'methane-tracking-satellite-first-images',
    title: 'New methane-tracking satellite sends back first images of gas leaks',
    summary:
      'The Terrasonde satellite, run by a non-profit in Oslo, spotted dozens of large methane plumes from oil and gas sites and landfills in its first weeks, and its data will be published free of charge.',
    author: 'Kenji Morita',
    tags: ['Space', 'Climate', 'Energy'],
    hoursAgo: 702,
    related: ['direct-to-phone-satellites-first-launch', 'astronomers-satellite-brightness-concerns'],
    body: md`
A satellite built to find methane leaks from space has sent back its first images, showing dozens of large plumes from oil and gas facilities, coal mines and landfills, its operators said.

Terrasonde, a non-profit organisation based in Oslo, said the satellite had detected 47 plumes in its first three weeks of operation, some releasing several tonnes of methane an hour. The group plans to publish its data free of charge within days of each observation, so that governments, companies and researchers can act on it.

“Methane leaks have been invisible and therefore easy to ignore,” said Karin Aasheim, Terrasonde’s scientific director. “Now they have coordinates and a time stamp.”

## A fast-acting greenhouse gas

Methane traps far more heat than carbon dioxide during its first two decades in the atmosphere, although it breaks down faster. Scientists estimate that it is responsible for around a third of the warming seen so far, and cutting leaks from fossil fuel infrastructure is considered one of the cheapest ways to slow climate change in the short term.

Terrasonde’s instrument measures sunlight reflected from the Earth’s surface and picks out the wavelengths that methane absorbs. Unlike earlier satellites, which provided broad regional averages, it can pinpoint plumes from individual sites.

## From detection to repair

The plumes detected so far include:

- leaks from compressor stations and pipelines in Central Asia and North America
- gas vented from offshore platforms
- large releases from landfills near fast-growing cities in South Asia

Terrasonde said it would notify national authorities and, where possible, site operators before publishing. Several operators had already confirmed and repaired leaks, it said, without naming them.

Energy analysts said the data could help regulators enforce new rules on methane emissions, including EU limits on the methane footprint of imported gas. “Satellites change the question from whether there is a leak to why it hasn’t been fixed,” said Omar Haddad, an analyst at the research firm Bellwether Energy.

The satellite cannot see through clouds and works less well over snow and water, so it will miss some emissions. Terrasonde plans to launch a second satellite in two years, doubling how often each site is observed.
`,
  },
  {
    slug: 'asian-chip-exports-growth-rate-outlook',
    title: 'Chip export boom lifts growth in South Korea and Taiwan, clouding rate outlook',
    summary:
      'Shipments of memory and AI processors drove the fastest export growth in years, giving both economies a lift but leading economists to doubt that central banks will cut rates soon.',
    author: 'Priya Raman',
    tags: ['Economy', 'Asia', 'Technology'],
    hoursAgo: 741,
    related: ['penang-advanced-chip-packaging-plant-opens', 'emerging-market-central-banks-food-inflation', 'ecb-holds-rates-energy-prices'],
    body: md`
Booming demand for chips used in artificial intelligence pushed exports from South Korea and Taiwan to their fastest growth in years last quarter, lifting both economies but making it less likely that either central bank will cut interest rates soon, economists said.

South Korea’s semiconductor exports rose by 38 per cent from a year earlier, according to trade data, led by high-bandwidth memory used in AI servers. Taiwan’s exports of electronic components and computer servers grew even faster, helped by shipments to data centre builders in the United States.

“This is not a broad boom. It is a chip boom,” said Park Ji-woo, chief economist at the Seoul-based brokerage Mireu Securities. “If you take semiconductors out, exports are roughly flat.”

## Two-speed economies

The gains are concentrated in a handful of large manufacturers and their suppliers. Domestic consumption has been weaker, held back by high household debt in South Korea and slowing wage growth in both economies.

That leaves central banks with a dilemma. Strong growth and a tight labour market in the technology sector argue against cutting rates, while households and small businesses would benefit from cheaper borrowing.

- South Korea’s chip exports: up 38 per cent year on year
- Taiwan’s exports of servers and components: up more than 50 per cent
- Share of chips in South Korea’s exports: about a quarter

## Spreading across the region

Chipmakers are also spreading production across South-East Asia, with new packaging and testing plants in Malaysia and Vietnam lifting investment there too.

“The AI supply chain is now a regional story,” said Lim Hui Min, an economist at a bank in Singapore. “Every new data centre in America shows up somewhere in Asia’s trade figures.”

Economists warned that chip cycles have historically been volatile. A slowdown in spending on AI data centres, or a glut of memory chips, could reverse the gains quickly, as happened in previous downturns when prices for memory fell by half in a matter of months.

“The risk is that policymakers treat a boom in one industry as strength across the whole economy,” Park said. “We have seen these cycles turn very fast before.”
`,
  },
  {
    slug: 'wind-lull-european-power-prices',
    title: 'Week-long wind lull sends European power prices to a 12-month high',
    summary:
      'A still, overcast spell over northern Europe forced grid operators to lean on gas and imports, pushing day-ahead electricity prices in Germany above €300 per megawatt-hour at peak times.',
    author: 'Tomasz Wielgosz',
    tags: ['Energy', 'Europe', 'Economy', 'Climate'],
    hoursAgo: 783,
    related: ['europe-battery-storage-evening-peak-record', 'north-sea-interconnector-cable-laying', 'ecb-holds-rates-energy-prices'],
    body: md`
Electricity prices in northern Europe jumped to their highest level in a year after a week of weak winds and overcast skies cut output from wind farms and solar panels, forcing grid operators to rely heavily on gas-fired plants and imports.

Day-ahead prices in Germany rose above €300 per megawatt-hour for several evening hours, about four times the average of the previous month, and prices in the Netherlands, Belgium and Denmark followed closely. Wind farms across the region produced less than a tenth of their capacity for most of the week.

German energy traders call such spells *Dunkelflaute*, or “dark doldrums”. They typically occur when a large area of high pressure settles over the continent, bringing still air and often low cloud and fog.

“It is the one weather pattern that every grid planner in northern Europe worries about,” said Katrin Lehmann, head of analysis at the Berlin think tank Stromwerk Analytics. “It is not rare, and it covers several countries at once, so neighbours can’t help as much as usual.”

## Gas steps in

Gas-fired power stations met the bulk of demand, and some older coal units held in reserve were called on. The extra demand pushed up wholesale gas prices, although storage levels remained comfortable.

- Peak day-ahead price in Germany: above €300 per megawatt-hour
- Wind output: below 10 per cent of capacity for most of the week
- Batteries: covered part of the evening peaks, but there was little cheap power to store

## Lessons for the grid

Analysts said the episode showed both progress and gaps. Batteries smoothed the sharpest hourly swings but could not cover several days. More cross-border interconnectors would let countries import from regions where the wind was still blowing, such as the Iberian Peninsula and the Baltic Sea.

Industrial users said the spike would add to costs for energy-intensive manufacturers already struggling with weak demand. Households on fixed-price contracts will not be affected immediately, but suppliers may raise tariffs if such spells recur.

“Prices will come back down when the wind returns,” Lehmann said. “The question is how we build a system in which a calm week is an inconvenience rather than a price shock.”
`,
  },
  {
    slug: 'ai-mosquito-traps-dengue-surveillance',
    title: 'Cities test AI-powered traps to track disease-carrying mosquitoes',
    summary:
      'Smart traps that photograph and identify insects are being trialled in Valencia, Recife and Marseille, giving health officials near real-time maps of where dengue-spreading mosquitoes are multiplying.',
    author: 'Lucía Ferrer',
    tags: ['Health', 'Artificial Intelligence', 'Technology'],
    hoursAgo: 826,
    related: ['dengue-local-cases-southern-europe', 'latin-america-dengue-vaccination-drive'],
    body: md`
Health authorities in three cities are testing insect traps that use cameras and artificial intelligence to identify mosquitoes as they are caught, in an attempt to spot outbreaks of dengue and other mosquito-borne diseases earlier.

The traps, made by the Barcelona start-up Vectorsense, lure mosquitoes with carbon dioxide and a scent that mimics human skin. As each insect enters, a camera photographs it and software identifies the species and sex, sending the results to a dashboard used by public health teams.

Valencia in Spain, Recife in Brazil and Marseille in France have together installed about 400 traps for trials due to last a year.

“Traditional surveillance means a technician collects the traps once a week and someone counts the insects under a microscope,” said Marta Soler, an entomologist and co-founder of Vectorsense. “By the time you have the data, the situation has already changed.”

## Finding the right species

The software was trained on more than a million images and can tell the tiger mosquito and *Aedes aegypti*, which spread dengue, from the harmless species that make up most of a trap’s catch. The company says it identifies the main disease-carrying species correctly more than 95 per cent of the time, a figure independent researchers are checking as part of the trials.

Early results from Recife showed the traps picking up rising mosquito numbers in two neighbourhoods about ten days before clinics reported an increase in dengue cases. Teams were sent to remove breeding sites and spray insecticide.

## Cost and limits

Each trap costs about €900, several times as much as a conventional one, although cities save on technicians’ time. Public health experts said the traps would not replace laboratory testing, which is needed to show whether mosquitoes are actually carrying a virus.

City officials say they want the trials to show:

- whether the traps give earlier warning of mosquito surges in specific streets
- whether spraying and clean-up campaigns are working
- where to send scarce vaccine doses and clinic staff

“We don’t need perfect technology; we need to know where to go this week,” said Joaquín Peris, a public health officer in Valencia.

Privacy advocates have asked cities to publish clear rules on the images, since cameras on private property could capture more than insects.
`,
  },
  {
    slug: 'high-speed-rail-fare-war-new-operators',
    title: 'New operators spark fare war on Europe’s high-speed rail lines',
    summary:
      'Velora Rail’s arrival on the Madrid–Valencia route has cut average fares by a third and lifted passenger numbers, adding to the pressure on state-owned incumbents across southern Europe.',
    author: 'Sofia Lindqvist',
    tags: ['Europe', 'Economy'],
    hoursAgo: 871,
    related: ['european-night-train-network-expands', 'rail-digital-signalling-upgrade-delays'],
    body: md`
A new private operator has cut fares on Spain’s Madrid–Valencia high-speed line by about a third since it started running trains there, the latest round in a price war that is transforming long-distance rail travel in southern Europe.

Velora Rail, backed by an Italian infrastructure fund, began running ten return trips a day between the two cities three months ago, with fares from €19. The state-owned incumbent and an existing low-cost rival responded with discounts of their own, and average fares on the route have fallen by 34 per cent, according to figures published by Spain’s competition regulator.

Passenger numbers rose by more than 40 per cent over the same period, many of them people who previously drove or flew.

“We are not stealing passengers from other trains. We are taking them off the motorway,” said Lorenzo Bassi, Velora’s chief executive. “A €19 ticket changes how people think about a weekend trip.”

## Who pays for the track

Spain opened its high-speed lines to competition several years ago. Because every operator pays fees to use the track, the state infrastructure manager also gains from more trains.

But the model has critics. Unions say pressure on costs is leading to longer shifts and fewer staff on board, and some analysts doubt that three operators can all make money on the same routes.

“Fares this low are a land grab,” said Elena Ruiz, a transport economist in Madrid. “Eventually someone will leave, or prices will rise again.”

## Spreading north

Other countries are watching. France and Italy already allow competition on some lines, and new entrants have applied for slots on routes between the two. Rail campaigners say competition works best where there is spare capacity on the track, which is not the case around many of Europe’s biggest stations.

- Average fare cut on Madrid–Valencia: 34 per cent
- Passenger growth: more than 40 per cent in three months
- Velora’s service: ten return trips a day, 580 seats per train

Operators say running trains across borders remains harder than it should be, because of differing signalling systems and safety rules. “Competition on a domestic line is easy,” Bassi said. “Crossing the Pyrenees is still an adventure.”
`,
  },
  {
    slug: 'mombasa-oman-subsea-cable-consortium',
    title: 'Consortium plans new subsea cable linking Mombasa with Oman',
    summary:
      'The Kilima Gulf Cable would give East Africa a new route to Asia and Europe through the Gulf, away from the coastal path that carries most of the region’s internet traffic today.',
    author: 'Amani Njoroge',
    tags: ['Technology', 'Africa', 'Asia', 'Economy'],
    hoursAgo: 955,
    related: ['east-africa-regulators-warn-cable-redundancy', 'east-africa-subsea-cable-faults-slow-internet'],
    body: md`
A group of African and Gulf infrastructure companies has announced plans to build a new undersea fibre-optic cable between Kenya and Oman, giving East Africa an additional route for its internet traffic to Asia and Europe.

The Kilima Gulf Cable would run about 3,800 kilometres from a new landing station north of Mombasa to Oman’s southern coast, with a branch to the Seychelles. It would carry 24 fibre pairs with a total capacity of about 200 terabits per second, many times the region’s current international capacity.

The consortium is led by Tana Digital Infrastructure, a Nairobi-based investment firm, and Ras Networks, an Omani data centre and connectivity company. It expects construction to take about three years once financing is in place.

“East Africa’s traffic today mostly goes south before it goes anywhere else,” said Faith Wambui, chief executive of Tana Digital Infrastructure. “We want to give it a shorter road north and east.”

## Why a new route

Most of the region’s international capacity runs through cables that hug the coast south towards South Africa or north through the Red Sea, a congested corridor. A landing in Oman would connect East Africa to cables that serve India, South-East Asia and Europe through the Gulf.

“Cloud services and AI applications need short, reliable paths to data centres,” said Salim Al Harthy, chief executive of Ras Networks. “For East Africa, the Gulf is a natural hub.”

## Financing and risks

- Length: about 3,800 kilometres
- Capacity: about 200 terabits per second
- Cost: about $450 million, from consortium members and development lenders
- Completion: about three years after financing closes

The project still needs landing permits and environmental approvals in Kenya and Oman, as well as final financing. Similar projects have been delayed by shortages of cable factories and installation ships.

Analysts said the route made sense if it stayed clear of existing cables. “East Africa’s internet traffic is growing by about 30 per cent a year,” said Hassan Mwinyi, an analyst at the Dar es Salaam research firm Pwani Insights. “Anything that adds a different path is worth having, as long as it doesn’t end up on the same stretch of seabed as everything else.”
`,
  },
  {
    slug: 'drought-tolerant-seed-southern-africa',
    title: 'Southern African farmers turn to drought-tolerant seed as rains falter',
    summary:
      'Demand for maize varieties bred to withstand dry spells, and for sorghum and millet, has outstripped supply in Zambia and Malawi, where seed companies say they could sell twice what they have.',
    author: 'Mara Okafor',
    tags: ['Climate', 'Africa', 'Economy'],
    hoursAgo: 1042,
    related: ['southern-africa-maize-harvest-drought', 'wfp-southern-africa-drought-appeal'],
    body: md`
Farmers across Zambia and Malawi are scrambling to buy seed for maize varieties bred to survive dry spells, and for hardier crops such as sorghum and millet, after a poor start to the rainy season raised fears of a failed harvest.

Seed companies say demand has outstripped supply. Mbeu Seeds, a Lusaka-based company that sells drought-tolerant maize, said it had sold out of its two most popular varieties weeks before planting normally peaks.

“Farmers who used to ask about yield now ask one question: will it survive three weeks without rain?” said Ruth Lungu, Mbeu’s sales director. “We could sell twice what we have.”

## Bred for dry spells

Drought-tolerant maize varieties, developed over the past two decades by public research institutes and local seed companies, are bred to keep producing grain when rain stops during flowering, the stage at which maize is most vulnerable. In field trials they typically yield a quarter to a third more than conventional varieties under moderate drought, although no variety can save a crop in a severe one.

Sorghum and millet need far less water than maize, but they are less popular with consumers, fetch lower prices, and many mills are not equipped to process them.

“If the market won’t buy sorghum at a fair price, farmers won’t grow it, however much sense it makes,” said Peter Chirwa, who advises farmers’ cooperatives in central Malawi.

## Bottlenecks

Agronomists say several obstacles slow the switch:

- seed production takes at least two seasons to scale up
- certified seed costs more than the saved seed many smallholders plant
- extension services that teach new techniques are badly understaffed

Aid agencies and governments are subsidising seed in some districts, and farmers are adopting practices that keep more moisture in the soil, such as leaving crop residues on fields and planting in small basins that capture rain.

Climate scientists expect dry spells during the growing season to become more frequent in southern Africa as temperatures rise, making such changes more urgent.

“We cannot control the rain,” Lungu said. “We can only choose what we put in the ground.”
`,
  },
];
