"""Names of States as UN documents spell them, old and new.

The OHCHR matrices put the recommending States in brackets after the text, but a
bracket can also hold a treaty's short name or a convention number: "(ICRMW)
(Iran (Islamic Republic of));" or "(No. 29) (United Kingdom ...);". The parser
only trusts an extra bracket group when every name in it is a known State, so
this list needs the spellings used over the years, not just today's.
"""

import unicodedata

UN_MEMBER_STATES = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda",
    "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain",
    "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan",
    "Bolivia (Plurinational State of)", "Bosnia and Herzegovina", "Botswana", "Brazil",
    "Brunei Darussalam", "Bulgaria", "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia",
    "Cameroon", "Canada", "Central African Republic", "Chad", "Chile", "China", "Colombia",
    "Comoros", "Congo", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus",
    "Czechia", "Democratic People's Republic of Korea", "Democratic Republic of the Congo",
    "Denmark", "Djibouti", "Dominica", "Dominican Republic", "Ecuador", "Egypt",
    "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji",
    "Finland", "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece",
    "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras",
    "Hungary", "Iceland", "India", "Indonesia", "Iran (Islamic Republic of)", "Iraq",
    "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya",
    "Kiribati", "Kuwait", "Kyrgyzstan", "Lao People's Democratic Republic", "Latvia",
    "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg",
    "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands",
    "Mauritania", "Mauritius", "Mexico", "Micronesia (Federated States of)", "Monaco",
    "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru",
    "Nepal", "Netherlands (Kingdom of the)", "New Zealand", "Nicaragua", "Niger", "Nigeria",
    "North Macedonia", "Norway", "Oman", "Pakistan", "Palau", "Panama", "Papua New Guinea",
    "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Republic of Korea",
    "Republic of Moldova", "Romania", "Russian Federation", "Rwanda",
    "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent and the Grenadines", "Samoa",
    "San Marino", "Sao Tome and Principe", "Saudi Arabia", "Senegal", "Serbia",
    "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands",
    "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname",
    "Sweden", "Switzerland", "Syrian Arab Republic", "Tajikistan", "Thailand",
    "Timor-Leste", "Togo", "Tonga", "Trinidad and Tobago", "Tunisia", "Türkiye",
    "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "United Arab Emirates",
    "United Kingdom of Great Britain and Northern Ireland", "United Republic of Tanzania",
    "United States of America", "Uruguay", "Uzbekistan", "Vanuatu",
    "Venezuela (Bolivarian Republic of)", "Viet Nam", "Yemen", "Zambia", "Zimbabwe",
)  # fmt: skip

OBSERVER_STATES = ("Holy See", "State of Palestine")

# Earlier official names and the short forms found in matrices and UPR Info exports.
OTHER_SPELLINGS = (
    "Bolivarian Republic of Venezuela", "Bolivia", "Cape Verde", "Congo (Republic of)",
    "Cote d'Ivoire", "Czech Republic", "Democratic Republic of Congo", "DPR Korea",
    "Federated States of Micronesia", "Former Yugoslav Republic of Macedonia", "Iran",
    "Islamic Republic of Iran", "Laos", "Macedonia FYR", "Micronesia", "Moldova",
    "Netherlands", "Palestine", "Plurinational State of Bolivia", "Republic of Congo",
    "Swaziland", "Syria", "Tanzania", "The former Yugoslav Republic of Macedonia",
    "Trinidad & Tobago", "Turkey", "United Kingdom", "United States", "Venezuela", "Vietnam",
)  # fmt: skip


def state_key(name: str) -> str:
    """Compare State names without case, accents, curly quotes or a leading 'the'."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("*", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.casefold().split())
    return text.removeprefix("the ")


KNOWN_STATE_KEYS = frozenset(
    state_key(name) for name in UN_MEMBER_STATES + OBSERVER_STATES + OTHER_SPELLINGS
)


def is_known_state(name: str) -> bool:
    return state_key(name) in KNOWN_STATE_KEYS
