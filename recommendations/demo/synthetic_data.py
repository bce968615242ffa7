"""Vocabulary of the synthetic registry (``manage.py seed_synthetic``): openings, objects with
their themes, groups and SDG targets, institutions, and the weights that make the counts
look like a real State's."""

from __future__ import annotations

from recommendations.models import Mechanism

OPENINGS = [
    "Take further measures to",
    "Continue its efforts to",
    "Strengthen its efforts to",
    "Take all necessary measures to",
    "Redouble its efforts to",
    "Step up efforts to",
    "Intensify its efforts to",
    "Take concrete steps to",
    "Take effective measures to",
    "Consider adopting a comprehensive strategy to",
    "Develop and implement a national action plan to",
    "Allocate sufficient human, technical and financial resources to",
    "Adopt and implement legislation to",
    "Pursue its efforts to",
    "Ensure the effective implementation of measures to",
    "Expedite the adoption of measures to",
    "Establish an independent mechanism to",
    "Adopt a time-bound plan to",
]


TREATY_OPENINGS = [
    "The Committee recommends that the State party",
    "The Committee urges the State party to",
    "The Committee reiterates its previous recommendation that the State party",
    "The Committee calls upon the State party to",
]


SP_OPENINGS = [
    "The Special Rapporteur recommends that the Government",
    "The Working Group recommends that the authorities",
    "The Independent Expert encourages the Government to",
]


# (wording, themes, groups, SDG targets): the classification a secretariat would give it.
OBJECTS = [
    (
        "combat violence against women and girls, including domestic violence",
        ["F13", "D29", "D28"],
        ["women", "girls"],
        ["5.2"],
    ),
    (
        "criminalize marital rape and ensure that perpetrators are prosecuted",
        ["F13", "D28", "B52"],
        ["women"],
        ["5.2", "16.3"],
    ),
    (
        "eliminate discrimination against women in law and in practice",
        ["F12", "B31"],
        ["women"],
        ["5.1", "10.3"],
    ),
    (
        "increase the participation of women in political and public life",
        ["F14"],
        ["women"],
        ["5.5"],
    ),
    ("end child, early and forced marriage", ["F33", "F12"], ["girls", "children"], ["5.3"]),
    ("eradicate female genital mutilation", ["F13", "F33"], ["girls", "women"], ["5.3"]),
    (
        "prevent torture and ill-treatment in places of detention",
        ["D25", "D26"],
        ["persons-deprived-of-liberty"],
        ["16.3"],
    ),
    (
        "improve conditions of detention and reduce prison overcrowding",
        ["D26"],
        ["persons-deprived-of-liberty"],
        ["16.3"],
    ),
    (
        "ratify the Optional Protocol to the Convention against Torture",
        ["A12", "D25"],
        ["persons-deprived-of-liberty"],
        ["16.a"],
    ),
    (
        "abolish the death penalty and establish an official moratorium on executions",
        ["D23", "A12"],
        ["general"],
        ["16.1"],
    ),
    (
        "ratify the International Convention for the Protection of All Persons from Enforced "
        "Disappearance",
        ["A12", "D32"],
        ["disappeared-persons"],
        ["16.a"],
    ),
    (
        "investigate all allegations of extrajudicial killings by law enforcement officials",
        ["D22", "D24", "B52"],
        ["law-enforcement"],
        ["16.1", "16.3"],
    ),
    (
        "guarantee freedom of expression and protect journalists from harassment",
        ["D43"],
        ["journalists", "media"],
        ["16.10"],
    ),
    (
        "create a safe and enabling environment for human rights defenders and civil society",
        ["A61", "D45"],
        ["human-rights-defenders", "civil-society"],
        ["16.10"],
    ),
    (
        "guarantee the right to peaceful assembly and association",
        ["D44", "D45"],
        ["civil-society"],
        ["16.10"],
    ),
    (
        "ensure the independence of the judiciary and access to justice for all",
        ["D51", "B51"],
        ["judges-lawyers-prosecutors"],
        ["16.3"],
    ),
    (
        "strengthen the national human rights institution in line with the Paris Principles",
        ["A45"],
        ["general"],
        ["16.a"],
    ),
    (
        "establish a national mechanism for implementation, reporting and follow-up",
        ["A44", "A27"],
        ["general"],
        ["16.6"],
    ),
    (
        "extend a standing invitation to all special procedures mandate holders",
        ["A24"],
        ["general"],
        ["16.a"],
    ),
    ("submit its overdue reports to the treaty bodies", ["A22"], ["general"], ["16.6"]),
    (
        "combat trafficking in persons and protect victims",
        ["D27"],
        ["victims-of-trafficking", "women", "children"],
        ["16.2", "8.7", "5.2"],
    ),
    ("eliminate the worst forms of child labour", ["F33", "E31"], ["children"], ["8.7"]),
    (
        "protect children from all forms of violence, abuse and exploitation",
        ["F33"],
        ["children"],
        ["16.2"],
    ),
    (
        "raise the minimum age of criminal responsibility in line with international standards",
        ["F34"],
        ["children"],
        ["16.3"],
    ),
    (
        "ensure free birth registration for all children",
        ["F31"],
        ["children", "stateless-persons"],
        ["16.9"],
    ),
    (
        "guarantee access to free and compulsory quality primary education",
        ["E51"],
        ["children", "educational-staff-students"],
        ["4.1"],
    ),
    (
        "ensure inclusive education for children with disabilities",
        ["E51", "F41"],
        ["persons-with-disabilities", "children"],
        ["4.5", "4.a"],
    ),
    (
        "improve access to health care, especially in rural areas",
        ["E41", "E42"],
        ["persons-living-in-rural-areas"],
        ["3.8"],
    ),
    ("reduce maternal and infant mortality", ["E42", "E43"], ["women", "children"], ["3.1", "3.2"]),
    (
        "guarantee access to sexual and reproductive health services",
        ["E43"],
        ["women", "girls"],
        ["3.7", "5.6"],
    ),
    (
        "ensure universal access to safe drinking water and sanitation",
        ["E26"],
        ["persons-living-in-poverty"],
        ["6.1", "6.2"],
    ),
    (
        "reduce poverty and strengthen social protection systems",
        ["E25", "E24"],
        ["persons-living-in-poverty"],
        ["1.2", "1.3"],
    ),
    (
        "ensure the right to adequate housing and prevent forced evictions",
        ["E23"],
        ["persons-living-in-poverty"],
        ["11.1"],
    ),
    (
        "guarantee food security and the right to adequate food",
        ["E22", "E21"],
        ["persons-living-in-rural-areas"],
        ["2.1"],
    ),
    (
        "promote decent work and equal pay for work of equal value",
        ["E32", "F12"],
        ["women"],
        ["8.5"],
    ),
    (
        "protect the rights of migrant workers, including domestic workers",
        ["E32"],
        ["migrants", "domestic-workers"],
        ["8.8", "10.7"],
    ),
    (
        "protect the rights of refugees and asylum seekers and respect non-refoulement",
        ["D41"],
        ["refugees-asylum-seekers"],
        ["10.7"],
    ),
    (
        "reduce statelessness and facilitate access to nationality",
        ["B31"],
        ["stateless-persons"],
        ["16.9"],
    ),
    (
        "combat racial discrimination and hate speech",
        ["B32", "B31"],
        ["minorities", "people-of-african-descent"],
        ["10.3", "16.b"],
    ),
    (
        "protect the rights of indigenous peoples, including to their lands and resources",
        ["B31"],
        ["indigenous-peoples"],
        ["2.3", "10.2"],
    ),
    (
        "prohibit discrimination on the basis of sexual orientation and gender identity",
        ["B31"],
        ["lgbti"],
        ["10.3", "16.b"],
    ),
    (
        "ensure the rights of persons with disabilities to accessibility and independent living",
        ["F42", "F43"],
        ["persons-with-disabilities"],
        ["11.2", "10.2"],
    ),
    ("protect the rights of older persons", ["B31"], ["older-persons"], ["1.3", "10.2"]),
    (
        "fight corruption and strengthen transparency in public administration",
        ["A47"],
        ["public-officials"],
        ["16.5", "16.6"],
    ),
    (
        "integrate human rights education into school curricula",
        ["A52", "A51"],
        ["educational-staff-students"],
        ["4.7"],
    ),
    (
        "provide human rights training to police, judges and prison staff",
        ["A53"],
        ["law-enforcement", "judges-lawyers-prosecutors"],
        ["16.3"],
    ),
    (
        "mitigate the effects of climate change on the enjoyment of human rights",
        ["B44", "B43"],
        ["vulnerable-persons"],
        ["13.1"],
    ),
    ("ensure that business enterprises respect human rights", ["B42"], ["general"], ["12.6"]),
    (
        "collect disaggregated data to monitor the implementation of recommendations",
        ["A62"],
        ["general"],
        ["17.18"],
    ),
    (
        "ensure the protection of internally displaced persons",
        ["D41"],
        ["internally-displaced-persons"],
        ["11.5"],
    ),
    (
        "combat the stigmatization of persons living with HIV",
        ["E41", "B31"],
        ["persons-living-with-hiv"],
        ["3.3"],
    ),
    ("guarantee freedom of religion or belief for all", ["D42"], ["minorities"], ["16.10"]),
    (
        "protect the right to privacy in the context of digital surveillance",
        ["D46"],
        ["general"],
        ["16.10"],
    ),
]


QUALIFIERS = [
    "",
    "",
    ", in line with its international obligations",
    ", in consultation with civil society",
    ", including by allocating adequate resources",
    ", and ensure that perpetrators are brought to justice",
    ", with particular attention to rural areas",
    ", in accordance with the Sustainable Development Goals",
    ", and raise public awareness thereof",
    ", including through awareness-raising campaigns",
    ", and provide victims with effective remedies",
    ", as previously recommended",
]


INSTITUTIONS = [
    ("Ministry of Foreign Affairs", "MFA"),
    ("Ministry of Justice", "MOJ"),
    ("Ministry of Health", "MOH"),
    ("Ministry of Education", "MOE"),
    ("Ministry of Interior", "MOI"),
    ("Ministry of Labour and Social Protection", "MOL"),
    ("Ministry of Women and Gender Equality", "MWGE"),
    ("Ministry of Finance", "MOF"),
    ("Ministry of Defence", "MOD"),
    ("Ministry of Children and Family Affairs", "MCFA"),
    ("Ministry of Culture", "MOC"),
    ("Ministry of Environment", "MENV"),
    ("Ministry of Agriculture", "MOA"),
    ("Ministry of Housing and Urban Development", "MHUD"),
    ("Ministry of Water and Sanitation", "MWS"),
    ("Ministry of Planning", "MOP"),
    ("Ministry of Digital Affairs", "MDA"),
    ("Ministry of Indigenous Affairs", "MIA"),
    ("Ministry of Youth and Sports", "MYS"),
    ("Ministry of Public Administration", "MPA"),
    ("Office of the Prime Minister", "OPM"),
    ("Office of the Attorney General", "OAG"),
    ("Supreme Court", "SC"),
    ("Judicial Council", "JC"),
    ("National Assembly", "NA"),
    ("Senate Human Rights Committee", "SHRC"),
    ("National Police", "POL"),
    ("Prison Service", "PS"),
    ("Immigration Service", "IMM"),
    ("National Statistics Office", "NSO"),
    ("Electoral Commission", "EC"),
    ("Anti-Corruption Commission", "ACC"),
    ("Ombudsperson's Office", "OMB"),
    ("National Disability Council", "NDC"),
    ("Child Protection Agency", "CPA"),
    ("Social Security Institute", "SSI"),
    ("National Council for Women", "NCW"),
    ("Public Defender's Office", "PDO"),
    ("Media Regulatory Authority", "MRA"),
    ("Labour Inspectorate", "LI"),
    ("National Refugee Commission", "NRC"),
    ("Civil Registry", "CR"),
    ("National Institute of Indigenous Peoples", "NIIP"),
    ("Anti-Trafficking Unit", "ATU"),
    ("Armed Forces Human Rights Directorate", "AFHRD"),
    ("National Health Insurance Fund", "NHIF"),
    ("Data Protection Authority", "DPA"),
    ("Ministry of Trade and Industry", "MTI"),
    ("National Land Agency", "NLA"),
    ("Association of Municipalities", "AM"),
]


CYCLE_YEARS = {1: (2008, 2011), 2: (2012, 2016), 3: (2017, 2021), 4: (2022, 2026)}


CYCLE_SESSIONS = {1: (1, 12), 2: (13, 26), 3: (27, 40), 4: (41, 54)}


TREATY_WEIGHTS = {
    "CRC": 18,
    "CEDAW": 18,
    "CCPR": 14,
    "CESCR": 12,
    "CAT": 10,
    "CERD": 10,
    "CRPD": 9,
    "CMW": 3,
    "CED": 2,
    "CRC-OP-AC": 2,
    "CRC-OP-SC": 2,
}


MECHANISM_WEIGHTS = [
    (Mechanism.UPR, 60),
    (Mechanism.TREATY_BODY, 30),
    (Mechanism.SPECIAL_PROCEDURE, 8),
    (Mechanism.REGIONAL, 2),
]


RESPONSE_WEIGHTS = [
    ("supported", "Supported", 68),
    ("noted", "Noted", 26),
    ("partially_supported", "Supported/Noted", 3),
    ("pending", "Pending", 3),
]


STATUS_WEIGHTS = [
    ("", 10),
    ("not_started", 28),
    ("in_progress", 34),
    ("partially_implemented", 15),
    ("fully_implemented", 10),
    ("not_applicable", 3),
]


PRIORITY_WEIGHTS = [("", 60), ("high", 10), ("medium", 20), ("low", 10)]


CLUSTER_SETS = {
    "Mid-term report clusters (synthetic)": [
        "Legal and institutional framework",
        "Equality and non-discrimination",
        "Justice and security",
        "Civil and political rights",
        "Economic and social rights",
        "Women and children",
        "Groups in vulnerable situations",
        "Cooperation with mechanisms",
    ],
    "National action plan priorities (synthetic)": [
        "Access to justice",
        "Gender equality",
        "Child protection",
        "Health and education",
    ],
}


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]
