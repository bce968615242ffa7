"""Hand-made keyword lists that extend the reference texts for the day-one suggestions.

The SDG target titles speak the language of development ("equal access", "inclusive
institutions"), the UHRI theme names are short ("Migrants"); recommendations speak the
language of human rights ("ratify the Convention", "hate speech", "Ombudsman"). These words
bridge the two. They are matched after stemming (see text.py), so one form of a word is enough.
"""

SDG_GOALS: dict[int, str] = {
    1: "poverty poor social protection social security minimum income social assistance "
    "basic services vulnerable households destitution welfare benefits pension",
    2: "hunger food security nutrition malnutrition agriculture farmers right to food "
    "smallholder famine",
    3: "health healthcare health care medical hospital maternal mortality child mortality hiv "
    "aids tuberculosis malaria disease mental health drugs substance abuse sexual reproductive "
    "health abortion contraception universal health coverage vaccination",
    4: "education school schools teachers pupils students learning literacy curriculum "
    "enrolment dropout inclusive education primary secondary education human rights education "
    "training scholarship",
    5: "women girls gender equality gender-based violence violence against women domestic "
    "violence female genital mutilation early forced child marriage discrimination against "
    "women participation of women in political life equal pay women's rights cedaw "
    "reproductive rights sexual harassment trafficking of women femicide rape",
    6: "water sanitation drinking water safe water hygiene wastewater access to water",
    7: "energy electricity renewable energy clean fuels",
    8: "employment work workers labour labor decent work forced labour child labour "
    "unemployment wages trade unions migrant workers domestic workers ilo working conditions "
    "trafficking in persons modern slavery youth employment",
    9: "infrastructure industry innovation internet access technology",
    10: "inequality discrimination equality non-discrimination racial discrimination racism "
    "xenophobia hate speech hate crimes minorities roma migrants refugees asylum seekers "
    "persons with disabilities older persons lgbti sexual orientation gender identity "
    "migration policy social inclusion ethnic religious minorities equal opportunities "
    "stateless persons erased",
    11: "housing adequate housing slums urban cities transport disaster resilience homeless "
    "forced evictions settlements public spaces",
    12: "sustainable consumption production waste chemicals business corporate responsibility",
    13: "climate change environment disaster risk reduction emissions global warming",
    14: "oceans marine fisheries coastal",
    15: "forests biodiversity land degradation ecosystems wildlife",
    16: "justice peace institutions violence torture ill-treatment police prison detention "
    "conditions of detention judiciary fair trial access to justice corruption rule of law "
    "national human rights institution ombudsman paris principles birth registration legal "
    "identity trafficking abuse exploitation of children violence against children corporal "
    "punishment freedom of expression journalists media access to information human rights "
    "defenders accountability impunity investigation prosecution hate crimes death penalty "
    "enforced disappearance arbitrary detention transparency participation democratic "
    "inclusive institutions nondiscriminatory laws ratify optional protocol convention "
    "treaty bodies special procedures standing invitation cooperation",
    17: "international cooperation development assistance official development aid oda "
    "partnership capacity building technical assistance data statistics disaggregated data "
    "global partnership",
}

# One list per UHRI letter group, and one per level-2 theme where its name is too terse.
THEMES: dict[str, str] = {
    "A": "ratify accede convention optional protocol treaty international instruments "
    "cooperation treaty bodies special procedures upr national human rights institution "
    "action plan legislation constitution human rights education awareness",
    "A1": "ratify ratification accede accession convention optional protocol withdraw "
    "reservations statute rome ilo convention international instruments",
    "A2": "cooperate cooperation treaty bodies special procedures standing invitation "
    "visits mandate holders reporting overdue reports follow-up upr recommendations "
    "international mechanisms ohchr",
    "A3": "international cooperation development assistance oda aid humanitarian assistance "
    "share experience best practices technical assistance capacity building",
    "A4": "legislation legislative framework constitution law amend national human rights "
    "institution ombudsman paris principles national action plan human rights policy "
    "strategy good governance corruption institutional framework",
    "A5": "human rights education training awareness raising campaigns public awareness "
    "school curriculum training of police judges officials dissemination",
    "A6": "civil society consultation ngos statistics indicators data collection "
    "disaggregated data budget resources funding allocation",
    "B": "discrimination equality racism development environment business remedies impunity "
    "humanitarian law",
    "B1": "international humanitarian law war crimes genocide crimes against humanity "
    "international criminal court",
    "B2": "self-determination",
    "B3": "discrimination non-discrimination equality racial discrimination racism xenophobia "
    "hate speech hate crimes intolerance antisemitism islamophobia ethnic origin equal "
    "treatment advocate of the principle of equality",
    "B4": "right to development environment climate change business and human rights "
    "corporate responsibility guiding principles sustainable development",
    "B5": "remedy reparation compensation impunity accountability victims witnesses redress "
    "transitional justice",
    "B8": "counter-terrorism terrorism extremism security measures",
    "D": "civil political rights life torture detention liberty freedom expression assembly "
    "association religion justice fair trial",
    "D1": "civil and political rights iccpr general measures",
    "D2": "right to life torture ill-treatment cruel inhuman degrading treatment death penalty "
    "executions prison conditions detention conditions overcrowding trafficking slavery "
    "gender-based violence domestic violence violence police excessive use of force",
    "D3": "liberty security arbitrary arrest detention pre-trial detention enforced disappearance",
    "D4": "freedom of expression opinion media journalists press freedom religion belief "
    "conscience peaceful assembly association movement privacy surveillance defamation "
    "internet",
    "D5": "administration of justice fair trial judiciary independence of the judiciary "
    "courts judges lawyers legal aid access to justice length of proceedings",
    "D6": "nationality citizenship name identity birth registration statelessness erased "
    "persons legal status",
    "D7": "participation in public affairs right to vote elections electoral political "
    "participation",
    "D8": "marriage family same-sex partnership family reunification",
    "E": "economic social cultural rights standard of living poverty food housing social "
    "security water work health education culture",
    "E1": "economic social and cultural rights icescr general measures",
    "E2": "adequate standard of living poverty food housing social security social protection "
    "water sanitation basic services homeless evictions",
    "E3": "right to work employment unemployment labour workers working conditions wages "
    "equal pay trade unions labour market",
    "E4": "health healthcare access to health services sexual reproductive health maternal "
    "mental health hiv medical insurance",
    "E5": "education schools access to education inclusive education segregation teachers "
    "enrolment",
    "E6": "cultural rights culture language heritage",
    "F": "women girls gender children child persons with disabilities",
    "F1": "women girls gender equality violence against women domestic violence "
    "discrimination against women participation of women equal pay female representation "
    "cedaw stereotypes",
    "F3": "children child rights of the child corporal punishment juvenile justice child "
    "abuse sexual exploitation of children alternative care best interests of the child "
    "child labour crc",
    "F4": "persons with disabilities disability accessibility inclusion independent living "
    "crpd reasonable accommodation",
    "G": "minorities roma lgbti indigenous migrants refugees asylum seekers idps stateless",
    "G1": "minorities roma sinti ethnic minorities national minorities minority languages "
    "erased persons",
    "G2": "lesbian gay bisexual transgender intersex lgbti sexual orientation gender identity "
    "same-sex",
    "G3": "indigenous peoples",
    "G4": "migrants migrant workers migration foreigners non-citizens integration of migrants",
    "G5": "refugees asylum seekers asylum procedure non-refoulement international protection "
    "unaccompanied minors",
    "G6": "internally displaced persons displacement",
    "G7": "stateless persons statelessness nationality erased persons",
    "H": "human rights defenders civil society activists journalists reprisals",
    "H1": "human rights defenders activists reprisals protection of defenders",
}

GROUPS: dict[str, str] = {
    "women": "women woman female gender",
    "girls": "girls girl",
    "children": "children child minors juvenile",
    "youth": "youth young people adolescents",
    "older-persons": "older persons elderly ageing",
    "persons-with-disabilities": "persons with disabilities disability disabled",
    "migrants": "migrants migrant workers foreigners migration",
    "refugees-asylum-seekers": "refugees asylum seekers asylum",
    "stateless-persons": "stateless statelessness",
    "non-citizens": "non-citizens foreigners aliens",
    "minorities": "minorities minority ethnic racial religious linguistic",
    "roma": "roma sinti gypsies travellers",
    "lgbti": "lesbian gay bisexual transgender intersex lgbti sexual orientation gender identity",
    "persons-deprived-of-liberty": "prisoners detainees detention prison deprived of liberty",
    "victims-of-trafficking": "trafficking victims of trafficking",
    "human-rights-defenders": "human rights defenders activists",
    "journalists": "journalists media workers press",
    "media": "media press broadcasting",
    "judges-lawyers-prosecutors": "judges lawyers prosecutors judiciary",
    "law-enforcement": "police law enforcement officers prison staff border guards",
    "public-officials": "public officials civil servants",
    "persons-living-in-poverty": "poverty poor",
    "vulnerable-persons": "vulnerable groups",
    "civil-society": "civil society ngos non-governmental organizations",
    "people-of-african-descent": "african descent",
    "indigenous-peoples": "indigenous",
    "persons-living-with-hiv": "hiv aids",
    "educational-staff-students": "teachers students pupils",
    "health-workers": "health workers doctors nurses",
}
