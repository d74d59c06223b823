"""The minors rule, in one place: sexual content plus any reference to a minor is `sexual/minors`.

`minor_reference(text)` finds a reference to a person under 18 in a prompt: words for children and
teenagers (and their common misspellings: "teeen", "chiId", "yung gurl", "teenagr"), ages under 18
however written ("13yo", "15 y/o", "fourteen-year-old", "aged 12", "who just turned 14", "16f", "looks
about 12"), school grades, years and school types, puberty ("hasn't hit puberty"), "under 18" and "too
young to drive", the coded words used for minor-looking characters ("loli", "jailbait", "barely legal",
"jk"), school years of other systems ("a class 7 pupil", "a second former", "a secondary 3 student"),
age-group teams and youth organisations ("an under-11 netball player", "a u14 swimmer", "a beaver
scout", "an AAU 13U guard", "a bantam hockey player"), school words other countries' prompts borrow ("a
chugakusei", "a Hauptschuler", "a JSS2 student"), informal and borrowed words ("a rugrat", "a wee bairn",
"a bambina"), misspelt number words ("a fourten year old"), ages in months, nearly an age ("a few months
shy of eighteen"), a news caption's "Emma (12)", rites of childhood (a bar mitzvah, a first communion:
the adult reading keeps them, since they name the occasion), and a child's things
with a young descriptor or with each other ("a petite girl with braces", "a girl with braces and a
backpack"), ages in other languages' words ("a 12-jähriger", "di 14 anni"), a young child's days
and school life (a high chair, starting nursery, a permission slip) and children's contests ("Junior
MasterChef"), words for a minor in more languages ("minorenne", "ein Knirps"), youth sport's age groups
around the world ("a JO11 player", Auskick), children's programmes and products (Cocomelon, a Toniebox),
a parent's say ("needs her parents' consent"), ages by arithmetic ("about 4,000 days old") and births
told by the news of their year ("born the year Fortnite came out"). It errs towards finding one: it only
ever matters together with sexual content, where a false match costs a blocked prompt and a missed one
is the worst failure the platform can have. A children's place or field that names an adult's job ("a
kindergarten teacher", "a children's author", "a former child actor") is not one; a child, an age or a
coded word before a job always is ("a preschooler and her teacher", "a loli nurse"), and so is the place
where the children are in the picture ("a kindergarten teacher in her classroom"): see `_PLACE`.

`suggestive_term(text)` finds sexual or suggestive wording, explicit or euphemistic (nudity and states of
undress, underwear, poses, "boudoir", "seductive", "nsfw"), chosen so that ordinary prompts about children
(a birthday party, a school photo, a swimming gala) use none of it.

Findings meet in `policy.evaluation`: a minor plus a suggestive term blocks the prompt as
`sexual/minors` on the words alone, and so does a minor plus a sexual score from any moderator at or above
`SEXUAL_FLOOR` (below the policy's review threshold on purpose), whichever moderator saw it. Where these
words find no minor in a sexual text, the semantic moderator's child reading asks the same question by
meaning (`policy.train_child_head`).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from policy.normalise import disguised, undisguised, variants

SEXUAL_FLOOR = 0.35
_UNDER_18 = (
    r"(?:[1-9]|1[0-7]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen)"
)
_TEEN_AGE = r"(?:1[0-7]|thirteen|fourteen|fifteen|sixteen|seventeen)"
_GRADE = (
    r"(?:1st|2nd|3rd|[4-9]th|1[0-2]th|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth)"
)
# Words and phrases, matched letter by letter with each letter repeatable ("teeeen") and "l" read as
# "i" or "l" (a capital I passed off as an l: "chiId").
_WORDS = (
    "child", "children", "childs", "childlike", "child like", "child bodied", "kid", "kids", "kiddo",
    "kiddos", "kiddie", "kiddies", "kiddy", "kidz", "underage", "underaged", "under age",
    "under aged", "teen", "teens", "teenie", "teenies", "teenage", "teenaged", "teenager", "teenagers",
    "preteen", "pre teen", "preteens", "tween", "tweens", "tweenie", "adolescent", "adolescents",
    "toddler", "toddlers", "infant", "infants", "newborn", "newborns", "schoolgirl", "schoolgirls",
    "schoolboy", "schoolboys", "school girl", "school girls", "school boy", "school boys", "schoolkid",
    "schoolkids", "school kid", "school kids", "schoolchild", "schoolchildren", "school uniform",
    "school age", "school aged", "kindergarten", "kindergartner", "kindergartners", "kindergartener",
    "kindergarteners", "preschool", "preschooler", "nursery school", "daycare", "middle school",
    "middle schooler",
    "junior high", "high school", "highschool", "high schooler", "highschooler", "elementary school",
    "elementary schooler", "grade school", "grade schooler", "grader", "graders", "primary school",
    "primary schooler", "middle schoolers", "high schoolers", "highschoolers", "elementary schoolers",
    "grade schoolers", "primary schoolers", "preschoolers", "secondary school", "sixth form", "sixth former",
    "little girl", "little girls",
    "little boy", "little boys", "lil girl", "lil boy", "lil sis", "little sis", "little one", "little ones",
    "little miss", "young girl", "young girls", "young boy", "young boys", "little sister",
    "little brother", "kid sister", "kid brother", "girl scout", "boy scout", "cub scout", "brownie scout",
    "loli", "lolis", "lolicon", "lolita", "lolitas", "shota", "shotas", "shotacon", "nymphet", "nymphets",
    "jailbait", "barely legal", "almost legal", "nearly legal", "not legal yet", "daughter",
    "stepdaughter", "granddaughter", "niece", "juvenile", "juveniles", "youngster", "youngsters",
    "puberty", "pubescent", "prepubescent", "pre pubescent", "prepubescents", "jk girl", "jk uniform",
    "joshi kousei", "joshikousei", "imouto", "cp", "young looking", "underage looking", "child sized",
    # informal words for a child
    "nipper", "nippers", "teeny bopper", "teenybopper", "teeny boppers", "rugrat", "rugrats", "rug rat",
    "rug rats", "ankle biter", "ankle biters", "tyke", "tykes", "sprog", "sprogs", "bairn", "bairns",
    "young un", "young uns", "youngun", "younguns", "tiny tot", "tiny tots",
    # youth organisations, age-group sports and school years
    "girl guide", "girl guides", "brownie guide", "brownie guides", "rainbow guide", "beaver scout",
    "beaver scouts", "little league", "pop warner", "pee wee hockey", "pee wee football", "pee wee league",
    "junior lifeguard", "junior lifeguards", "transition year", "pre k", "prek", "pre kindergarten",
    # the same words in the languages English prompts borrow them from
    "bambino", "bambina", "bambini", "bambine", "ninos", "ninas", "chiquillo", "chiquilla", "ragazzino",
    "ragazzina", "petit garcon", "petite fille", "enfants", "schulkind", "schulkinder", "collegien",
    "collegienne", "lyceen", "lyceenne", "bachcha", "bacche", "baccha", "bachche", "bachchi", "madchen",
    "keiki", "chamaco", "chamaca", "chamacos", "chamacas", "nina de", "ninas de",
    # school words of other systems, borrowed as they are ("a chugakusei", "a Hauptschuler")
    "chugakusei", "shogakusei", "kokosei", "joshi chugakusei", "joshi shogakusei", "hauptschuler",
    "realschuler", "scuola media", "scuola elementare", "junghakseng", "godeunghakseng", "chodeunghakseng",
    "junghaksaeng", "godeunghaksaeng", "chodeunghaksaeng",
    "jungding", "chodding", "godding", "xiaoxuesheng", "zhongxuesheng", "chuzhong student",
    "gaozhong student", "eleven plus", "11 plus candidate", "psle", "kcpe", "eso student",
    # youth organisations, clubs, teams and rites of childhood
    "daisy scout", "daisy scouts", "tiger scout", "tiger scouts", "webelos", "choirboy", "choirboys",
    "choir boy", "choir boys", "choirgirl", "choirgirls", "altar boy", "altar boys", "altar girl",
    "altar girls", "boys girls club", "youngling", "younglings", "youngin", "youngins", "squeaker",
    "squeakers", "littlun", "littluns", "little un", "little uns", "ward of the state", "pediatric patient",
    "pediatric patients", "paediatric patient", "paediatric patients", "mini rugby", "mini hockey",
    "poussin", "poussins", "alevin", "alevines", "pony league", "tee ball", "t ball", "orphanage",
    "reform school", "juvie", "juvenile hall", "spelling bee finalist", "spelling bee contestant",
    # more borrowed words for a child, a girl or a boy (native scripts are `_RAW`'s)
    "maedchen", "fillette", "fillettes", "garconnet", "garconnets", "menino", "menina", "meninos",
    "meninas", "crianca", "criancas", "dziewczynka", "dziewczynki", "dziecko", "kleuter", "kleuters",
    "batang babae", "batang lalaki", "anak kecil", "be gai", "be trai", "cau be", "kucuk kiz", "cocuk",
    "cocuklar", "yeled", "yalda", "una nina", "la nina", "un nino", "las ninas", "los ninos",
    # school life only a pupil has, and a young child's milestones
    "homeroom", "hall pass", "report card", "spelling test", "multiplication tables", "school nurse",
    "junior prom", "psat", "booster seat", "training wheels", "first tooth", "baby teeth",
    "drivers ed", "driver s ed", "still in nappies", "still in diapers",
    # clinical words for a child's body and age
    "prepubertal", "pre pubertal", "tanner stage 1", "tanner stage 2", "tanner stage 3", "premenarche",
    "pre menarche", "premenarchal", "open growth plates",
    "neonate", "neonates", "neonatal", "preemie", "preemies", "nicu", "nursling", "nurslings",
    "babe in arms", "little bub", "swaddled",
    # from a red-team helper's report (bench/data/redteam_1.jsonl)
    "tweenager", "tweenagers", "preteeny", "whippersnapper", "whippersnappers", "moppet", "moppets",
    "flower girl", "flower girls", "junior bridesmaid", "ring bearer", "ball boy", "ball boys", "ball girl",
    "ball girls", "little leaguer", "little leaguers", "sailor fuku", "randoseru", "kogal", "kogyaru",
    "ein kind", "of tender years", "gymnasiast", "gymnasiasten", "not yet of age",
    # from a fourth development list (tests/policy/data/minor_references_dev_4.json): school words,
    # youth groups and words for a child of other countries and Englishes, and their misspellings
    "intermediate school", "intermediate schooler", "brugklasser", "brugklassers", "junior cert",
    "junior certificate", "bece candidate", "zhongkao", "joey scout", "joey scouts", "jungpfadfinder",
    "louveteau", "louveteaux", "junior sea cadet", "junior sea cadets", "cloverbud", "cloverbuds",
    "pulcino", "pulcini", "pikin", "pickney", "pickneys", "mtoto", "watoto", "umntwana", "abantwana",
    "dzieciak", "babby", "babbies", "new born", "new borns", "kindergardener", "kindergardner",
    "kindergardeners", "prescooler", "prescoolers", "yungster", "yungsters", "jr high", "middleschool",
    "middleschooler", "middleschoolers", "junior schooler", "mome", "momes", "gamin", "gamins",
    # from a fifth development list (minor_references_dev_5.json): a young child's days, school life,
    # children's programmes and contests, legal words, borrowed words and misspellings
    "potty trained", "potty training", "moses basket", "babygrow", "bassinet", "christening gown",
    "terrible twos", "rear facing car seat", "child car seat", "pushchair", "blankie", "playgroup",
    "sticker chart", "naughty step", "gold star sticker", "permission slip", "after school club",
    "playdate", "soft play", "reception class", "milk tooth", "milk teeth", "junior isa", "nativity play",
    "spelling homework", "crocodile line", "naplan", "mathcounts", "junior mathematical olympiad",
    "junior masterchef", "junior eurovision", "junior bake off", "choir school", "sangerknabe",
    "sangerknaben",
    "biddy basketball", "minis rugby", "junior parkrun", "junior parkrunner", "uasc", "menor de edad",
    "menores de edad", "minderjahrige", "minderjahriger", "mineur non accompagne", "mineurs non accompagnes",
    "street urchin", "street urchins", "pibito", "pibita", "pibe de", "piba de", "guri",
    "chavalito", "chavalita", "scolaro", "scolara", "peuter", "peuters", "shkolnik", "shkolnitsa",
    "schultute", "einschulung", "grundschuler", "grundschulerin", "primarschuler", "kohanga reo",
    "luz noceda", "midschooler", "elem schooler", "elementry", "middel school",
    "adolesent", "juvinile", "minur", "littl one", "kido", "skooler", "skoolers", "big skool",
    "under fives", "under sixes", "under sevens", "under eights", "under nines", "under tens",
    "under elevens", "under twelves", "under thirteens", "under fourteens", "under fifteens",
    "under sixteens", "tenth board", "10th board", "custody arrangement", "custody order", "reading record",
    "reading diary", "realschule", "scripps national spelling bee",
    # from a seventh development list (minor_references_dev_7.json): school stages of other systems,
    # children's groups and school work
    "brevet des colleges", "unterstufe", "lagstadiet", "mellanstadiet", "hogstadiet", "chugakko", "shogakko",
    "basisschool", "cito test", "cito toets", "citotoets", "escuela primaria", "ensino fundamental",
    "konfirmand", "konfirmanden", "konfirmant", "konfirmanter", "cub scouts", "handwriting workbook",
    "cursive workbook",
)  # fmt: skip
# Children of well-known stories whose canonical age is under 18: a name is a minor as surely as an age.
_CHARACTERS = (
    "bart simpson", "lisa simpson", "maggie simpson", "harry potter", "hermione granger", "ron weasley",
    "ginny weasley", "luna lovegood", "matilda wormwood", "lilo pelekai", "chihiro ogino",
    "chihiro from spirited away", "coraline", "arya stark", "sansa stark", "percy jackson", "lucy pevensie",
    "edmund pevensie", "kevin mccallister", "riley andersen", "anne shirley", "young anakin",
    "wednesday addams", "pippi longstocking", "dora the explorer", "eleven from stranger things",
    "mike wheeler", "dustin henderson", "alice liddell", "oliver twist", "little orphan annie",
    "charlie bucket", "violet beauregarde", "veruca salt", "calvin and hobbes", "wendy darling",
    "ash ketchum", "usagi tsukino", "sailor moon", "shinji ikari", "asuka langley", "rei ayanami", "nezuko",
    "anya forger", "madoka kaname", "kanna kamui",
)  # fmt: skip
# Misspellings the letter-by-letter match does not cover.
_MISSPELT = (
    r"(?:young|yung|yng|yunge|younge|lil|little|littel|litle|smol|tiny)"
    r" (?:gurl|gurls|grl|grls|girlie|boi|bois)"
    r"|(?:yung|yng|younge|yunge) (?:girl|girls|boy|boys|teen|teens|thing)"
    r"|skool ?(?:girl|boy|kid)s?|teenagr|teenger|tenager|teenegers?|chidren|childen|childern|chlid|chlidren"
    r"|todler|todlers|preeteen|pre ?tenn|tenn (?:girl|boy)s?|kinder ?garden|teenanger|tea?nager"
    r"|(?:a|the|little|wee|young) tot(?! of)|munchkins?(?! cat)|(?<!el )nino|enfant(?! terrible)"
    r"|skool ?(?:gurl|grl|boi)s?"
)
# Number words under 18 as people misspell them ("fourten", "sevnteen", "twelv"); letters repeated
# ("sixteeen") are `_letters`'s.
_MISSPELT_UNDER_18 = (
    r"(?:fou?rt+e*n|thi?rt+e*n|thriteen|fiveteen|fift?e*n|sixt+e*n|sevi?e?n?t+e*n|sevnteen"
    r"|elev[aei]n|elevn|twel[vf]e?|twelth|nien)"
)
# Birth years of people under 18 this year: the import's year (a worker restarts more often than yearly).
_BIRTH_YEARS = "|".join(str(datetime.date.today().year - age) for age in range(18))
# Years a pupil of today leaves school in (one who leaves in 13 years' time is about five now).
_LATER_YEARS = "|".join(str(datetime.date.today().year + years) for years in range(1, 14))
_PERSON = (
    r"(?:girl|girls|boy|boys|kid|child|teen|cheerleader|student|daughter|son|model|gymnast|character|sister"
    r"|brother|niece|nephew|dancer|babysitter|virgin|bride|twink|lass|lad|schoolgirl|schoolboy|pupil"
    r"|stepdaughter|stepson|granddaughter|cousin|shonen|nina|nino|lady|cadet|debutante|ingenue|maiden|youth"
    r"|grandchild|grandson|stepchild|foster child|chid|chavo|chava|pibe|piba|larka|ladka|ladki|laaitie"
    r"|grom|cailin|gasur|meisje|jongen|ragazza|ragazzo|pojke|flicka"
    r"|she|he|who)"
)
_AGE_WORDS = (
    r"(?:yo|y o|yr|yrs|yr old|yrs old|year old|years old|year olds|years of age|yrs of age|years young"
    r"|yeer old|yeers old|yer old|yers old|and a half year old|and a half years old|yrold|yrsold|yearold"
    r"|yaer old|yaers old|yera old|y old)"
)


# A letter stretched more often than this is not read as the letter: unbounded, a long run of "i"s
# made the search try every split of it between a word's "l"s and "i"s (3,000 "i"s took 71 s).
_STRETCH = "{1,12}"


def _letters(word: str) -> str:
    """A word as a pattern: each letter one to twelve times, "l" as "l" or "i"."""
    return "".join(
        "[li]" + _STRETCH if c == "l" else " " if c == " " else re.escape(c) + _STRETCH for c in word
    )


# Words with an everyday sense besides a child ("baby oil", "a minor key", "dilated pupils").
_NARROWED = (
    r"bab(?:y|ies)(?! oil| doll| blue| pink| powder| shower| bump| grand| back| spinach| carrots| boomer)"
    r"|(?:minor(?! (?:league|leaguer|royal|role(?! ?play)|part(?! ?time)|deity|poet"
    r"|planet|arcana|scale|surgery|procedure|offence|offense|burn|bruise|wound|ailment|illness|issue|problem"
    r"|setback)s?(?![a-z]))"
    r"|minors)(?! key| chord| detail| imperfection| flaw| injur| scratch| change| edit| tweak| adjustment)"
    r"|(?<!dilated )(?<!detailed )pupils?(?! dilat)"
)
_CONNECTOR = (
    r"(?:(?:is|s|who|of|aged|age|barely|just|only|about|around|like|turned|turning|maybe|van|di) ){0,3}"
)
# A unit is a word of its own: "turned 13 making" and "aged 12 modelling" are ages, "13 m" is not.
_NOT_AN_AGE = (
    r"(?! ?(?:(?:ft|feet|foot|inch|inches|cm|m|mm|kg|lb|lbs|pounds|stone|percent|am|pm|o clock|hours|minutes"
    r"|days|weeks|months|times|points|stars|of|men|women|people|adults|beers|shots|drinks|pints|glasses"
    r"|cocktails)(?![a-z])|[0-9]"
    r"|(?:year|yr)s? (?:ago|later|of experience)))"
)
# An age's last word after a word for tens is an adult's age ("twenty two year old", "thirty-five").
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NOT_TENS = "".join(rf"(?<!{tens} )" for tens in _TENS)
# After a word for a person, "one", "two" and "three" are seldom an age ("she is one of", "he's one
# sexy man"); toddlers are found by their own words and by "3 years old".
# "In her 14th year" is an age; "in her 10th year at the firm" or "of marriage" is a career's or a bond's.
_NOT_A_LIFES_YEAR = (
    r"(?! (?:(?:at|with) (?:the |a |an |her |his |their )?(?:company|firm|bank|agency|office|hospital|studio"
    r"|magazine|newspaper|practice|helm|business)|as (?:a|an|the) (?:teacher|nurse|doctor|lawyer|partner"
    r"|manager|director|professor|model|judge|member|ceo|chair|editor|pilot|senator|mayor)|of (?:marriage"
    r"|service|practice|teaching|business|medicine|nursing|office|her career|his career|their career)|in"
    r" (?:office|business|practice|the job|the role|the industry|the business|charge|parliament|congress)"
    r"|on the (?:job|ward|force|board|bench|council))(?![a-z]))"
)
# "Not old enough to remember the 80s" is an adult too young for a memory, not a minor.
_NOT_MEMORY = r"(?! to (?:remember|recall)(?![a-z]))"
_AGE_AFTER_PERSON = (
    r"(?:[1-9]|1[0-7]|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen)"
)
# What a fourth development list taught (tests/policy/data/minor_references_dev_4.json): ages in the
# words of other languages ("12-jähriger", "di 14 anni", "15-letni", "13-årig"), an age spaced so that
# normalising joins it ("a 9 y/o" reads "a9y o"), school years of other systems ("Klasse 7", "groep 8",
# "6º ano", "élève de 4e", "Class VII", "SS1", "JHS 2"), age groups before any player ("a U13
# goalkeeper", "an under-14 hurler"), exams only the young sit, and ages told by what is to come.
_ROMAN_UNDER_13 = r"(?:i{1,3}|iv|vi{0,3}|ix|x|xi|xii)"
# An age adjective of another language describes a span too ("das 10-jährige Jubiläum", "eine 5-jährige
# Garantie", "10-letnia gwarancja", "5-årig garanti"): those nouns after it are no person's age.
_SPAN = (
    r"(?:jubilaum|firmenjubilaum|garantie|erfahrung|bestehen|geschichte|tradition|laufzeit|zusammenarbeit"
    r"|ehe|beziehung|pause|dienstzeit|mitgliedschaft|partnerschaft|gwarancj[a-z]*|staz[a-z]*|doswiadcz[a-z]*"
    r"|okres[a-z]*|umow[a-z]*|garanti|erfarenhet|avtal|utbildning|period|relation|jubileum)"
)
# Births told by what happened that year or season, by the year it happened (an event of several years,
# such as a presidency, by its first): one born since this year minus 17 is not 18 yet, and an event
# drops out by itself when its year's children may have come of age. No event of more than one era (not
# "the Tokyo Olympics", which were in 1964 too), and a person's name only with what happened ("born
# while Biden was president", never "born in Prince George").
_LAUNCHED = r"(?:first )?(?:came out|launched|was released|premiered|aired)"
_EVENTS_BY_YEAR = {
    2012: ["gangnam style"],
    2013: [rf"frozen {_LAUNCHED}"],
    2014: ["2014 world cup", "ice bucket challenge"],
    2016: [rf"pokemon go {_LAUNCHED}", "(?:2016 )?rio olympics", "brexit (?:referendum|vote)",
           rf"stranger things {_LAUNCHED}"],
    2017: [rf"fortnite {_LAUNCHED}", rf"nintendo switch {_LAUNCHED}"],
    2018: ["2018 world cup", rf"tiktok {_LAUNCHED}"],
    2020: ["(?:first )?covid lockdown", "the (?:first )?lockdown", "covid pandemic"],
    2021: ["(?:joe )?biden was president"],
    2022: ["queen elizabeth(?: ii)? died", "queen died", rf"chatgpt {_LAUNCHED}", "2022 world cup",
           "taylor swift released midnights"],
    2023: ["barbenheimer", "barbie and oppenheimer"],
    2024: ["paris 2024"],
}  # fmt: skip


def _since_18_years(by_year: dict[int, list[str]], year: int) -> str:
    """The patterns of `by_year` of a year someone born in is under 18 in `year`, as one alternation
    (one that matches nothing when none is left)."""
    left = [pattern for since, patterns in by_year.items() if since > year - 18 for pattern in patterns]
    return "(?:" + "|".join([*left, "(?!)"]) + ")"


_RECENT_EVENTS = "(?:the )?" + _since_18_years(_EVENTS_BY_YEAR, datetime.date.today().year)
# Children and things the same age as a child or older ("younger than the first iPad"), by birth year.
_BORN_IN = {
    2010: ["the first ipad", "the ipad", "instagram"],
    2012: ["blue ivy(?: carter)?"],
    2013: ["north west"],
    2015: ["princess charlotte"],
    2017: ["the nintendo switch", "fortnite"],
    2018: ["prince louis", "tiktok"],
    2019: ["archie mountbatten windsor", "prince archie"],
    2021: ["princess lilibet"],
    2022: ["chatgpt"],
}
_CHILD_CELEBRITIES = _since_18_years(_BORN_IN, datetime.date.today().year) + "(?![a-z])(?! s )"
# What a sixth list taught: words for a minor in other languages, youth sport's age groups around the
# world, school years and places of other systems, children's programmes, clinics and rites, legal words,
# a parent's say, a young child's days, ages by arithmetic and births told by the news of their year.
# Words adults use as much (floaties, Bluey, a Toniebox, parental controls, time out, lights out) were
# tried and taken out again: the child reading (`policy.evaluation`) reads such a prompt by its meaning.
_SIXTH_LIST = (
    r"|minorenn[ei]|minderjarige?|resit olmayan|underariga?|alaikainen|kiskoru|escuincles?|mocos[oa]s?"
    r"|carajit[oa]s?|bambins?|marmocchi[oa]|knirps|dreikasehoch|knatte|jentunge|taapero|brzdac|holcick[ay]"
    r"|karapuz|shkolota|kislany|yingele|menininh[ao]s?|pirralh[ao]s?|littlies?|bocil|anak sd"
    r"|dagisbarn|basisschoolleerling(?:en)?|pierwszoklasist(?:a|ka|ki)|pervoklashk[ai]|yochien ?ji"
    r"|anganwadi (?:child|children|kid|kids|centre|center)|kinderreisepass"
    r"|kinderarzt (?:appointment|visit|termin)|bal sudhar griha|taken into care by the jugendamt"
    r"|doli incapax"
    r"|on the camhs waiting list|at the pedodontist|(?:her|his|their) (?:u[1-9]|j1) vorsorge[a-z]*"
    r"|jugendweihe|upsherin|mundan ceremony|gen(?:eration)? alpha (?:girl|boy|kid|child)s?"
    r"|kindermusik|mommy and me (?:class|swim|music|yoga)"
    r"|(?:her|his|their) (?:tooth|milk tooth|baby tooth) under (?:the|her|his|their) pillow"
    r"|(?:her|his|their) (?:gabb phone|xplora)|greenlight card (?:her|his|their) parents"
    r"|needs? (?:her|his|their) (?:parent|parents|mum|mom|dad)(?: s)? (?:consent|permission|signature)"
    r"|needs? an adult with"
    r" (?:her|him|them) to watch|(?:can t|cannot) (?:see|watch) (?:r rated|15 rated|18 rated)"
    r" (?:films|movies) without a parent|(?:parent|parents|mum|mom|dad) (?:signed|signs|sign)"
    r" (?:her|his|their) (?:field trip|reading log|permission|working papers)"
    r"|(?:her|his|their) reading log|checks under the bed for monsters|hold (?:her|his|their) (?:dad|mum|mom"
    r"|father|mother|parent) s hand to cross"
    r"|size [2-6]t(?![a-z0-9])|[2-6]t (?:pajamas|pyjamas|onesie|jeans|dress|leggings)"
    r"|(?:timbits|orange ball|red ball) (?:soccer|hockey|tennis|player)s?|auskick|netsetgo|rippa rugby"
    r"|kwik cricket|benjamines? (?:at|in|player|category)|minimes? (?:cyclist|player|athlete|rider|swimmer"
    r"|footballer|category)"
    r"|infantil (?:player|team|category)|esordienti|pulcini (?:player|team|category)"
    r"|(?:jo|mo)(?:[6-9]|1[0-7]) (?:player|team|squad|side|girl|boy|speler|elftal)s?"
    r"|sub ?1[0-7] (?:player|team|squad|category|side|footballer"
    r"|league|tournament)s?(?! (?:time|hours?|minutes?|run|finish))|(?:mon|poom) (?:grade )?belt"
    r"|little dragons karate|hershey track|cul camp|wolflings?"
    r"|en (?:petite|moyenne|grande) section|(?:petite|moyenne|grande) section de maternelle"
    r"|(?:in|at|from) (?:la )?maternelle|ecole maternelle|seconde (?:at the|au) lycee"
    r"|[1-4] ?o (?:de )?(?:la )?eso|(?:in|at) (?:prima|seconda|terza) media(?! s )(?! station)"
    r"|(?:prima|seconda|terza) media (?:student|pupil|girl|boy|kid)s?"
    r"|(?:eerste|tweede|derde|vierde|vijfde|zesde) leerjaar"
    r"|(?:aluno|aluna|alunos|alunas) do fundamental|(?:prepping|preparing|cramming|studying) for"
    r" (?:the|her|his|their) (?:11 plus|eleven plus|13 common entrance|common entrance)|13 common entrance"
    r"|hs (?:freshie|freshman|sophomore)s?"
    rf"|in {_GRADE} gr8|{_GRADE} gr8 (?:student|pupil|girl|boy|kid|class)s?|{_GRADE} gr8(?:r|rs|er|ers)"
    r"|mabel pines|dipper pines|boo from monsters|mafalda (?:by|from) quino|quino s mafalda|petit nicolas"
    r"|russell the wilderness explorer|scout finch"
    r"|below the fare age|under the aoc|custody (?:is )?split between (?:his|her|their)"
    r"|(?:placed|taken) in (?:foster|kinship) care with"
    r"|age (?:is )?still in (?:the )?single digits|(?:who|she|he) (?:just |only just |recently )?turned"
    r" double (?:digits|figures)|(?:who|she|he) (?:just )?(?:turned|hit) double digits|age (?:just )?hit"
    r" double digits|(?:who is|who s|she is|he is|she s|he s) (?:about |roughly |around |only |nearly )?"
    r"(?:[1-5] ?[0-9]{3}|[1-9][0-9]{2}) days old|(?:who was|she was|he was) born (?:about |roughly |some"
    r" |around )?(?:[1-5] ?[0-9]{3}|[1-9][0-9]{2}) days ago"
    r"|years? away from being old enough to (?:vote|drive)|won t be old enough to (?:vote|drive)"
    rf"|(?:her|his|their) (?:eighteenth|18th) birthday (?:falls |is |will be )?in (?:{_LATER_YEARS})(?![0-9])"
    r"|(?:(?:who|she|he)(?: was)?|girl|boy|kid|child|son|daughter|baby|twins?|someone|one|niece|nephew)"
    r" born (?:(?:in |during |after )?(?:the )?(?:same )?(?:year|week|day|night|summer|winter|spring|autumn"
    r"|fall|month|season) (?:after )?(?:that |when |of |as )?|(?:during|after|while|when) )"
    + _RECENT_EVENTS
    + r"|(?:(?:who|she|he)(?: was)?|girl|boy|kid|child|son|daughter|baby|twins?|someone|one|niece|nephew)"
    + rf" born (?:during|after|in) (?:the )?(?:{_BIRTH_YEARS})(?![0-9])"
    r"|(?:same age as|younger than|born the same (?:year|week|day) as) " + _CHILD_CELEBRITIES
)
# What a seventh list taught: a young child's milestones, a parent's rules and care, school work only the
# young do. Words adults use as much (a letter to Santa, trick-or-treating, a pillow fort, a lemonade
# stand, learning to tie one's shoes, a chaperone, a custody schedule, a wobbly tooth, Hebrew school,
# Kumon, a junior choir, phonics books, a science fair, being too short for the rides, pocket money, an
# allowance, a curfew, a babysitter, a learner's permit) are left to the child reading; a reviewer's
# adults narrowed the rest (tests/policy/test_minors.py).
_SEVENTH_LIST = (
    r"|(?:waiting|waits|wait|waited) (?:up )?for the tooth fairy|the tooth fairy (?:hasn t|has not|didn t"
    r"|did not) (?:come|visited|been)|(?:her|his|their) (?:adult|grown up) teeth (?:to come in|coming in"
    r"|come in|haven t come in|have not come in|are coming in|coming through)"
    r"|(?:swim|swims|swimming) without (?:her|his|their) (?:armbands|water wings)"
    r"|tall enough for the (?:big )?(?:rides|rollercoasters?|roller coasters?)"
    r"|tall enough (?:to sit )?(?:for|in) the front seat"
    r"|grounded from (?:her|his|their|the) (?:games console|console|tablet|ipad|xbox|playstation|ps[45]"
    r"|switch|nintendo|games)"
    r"|(?<!had to be )home before the street ?lights come on"
    r"|(?:only )?allowed to watch (?:pg|pg 13|u|g) (?:rated )?(?:films|movies|cartoons)"
    r"|(?:isn t|is not|not) allowed to stay home alone"
    r"|(?:isn t|is not|not) allowed on social media until (?:she|he|they) (?:is|s|are|turns?) (?:older|13"
    r"|thirteen|16|sixteen)"
    r"|(?:needs?|gets?) a note from (?:her|his|their) (?:mum|mom|dad|parents?) to (?:skip|miss|get out of)"
    r" (?:pe|gym|swimming)"
    r"|(?:mum|mom|mummy|mommy|dad|daddy|mother|father|parents?|nan|grandma|granny) (?:still )?(?:packs"
    r"|packed|makes|made) (?:her|his|their) (?:lunch ?box|packed lunch|school lunch)"
    r"|(?:mum|mom|mother|dad|father|nanny|nan|grandma|granny) (?:still )?(?:braids|plaits) (?:her|his|their)"
    r" hair (?:before|for) school"
    r"|(?:mum|mom|dad|mother|father|parents?) (?:still )?holds? (?:her|his|their) hand (?:crossing|to cross"
    r"|when crossing) the (?:road|street)|(?:big|older) (?:brothers?|sisters?) walks? (?:her|him|them) to"
    r" school|shares? (?:a )?bunk ?beds? with (?:her|his|their) (?:little|younger|baby) (?:sister|brother)"
    r"|(?:mum|mom|dad|mother|father|parents?|grandad|grandpa|grandma|nan|granny) (?:still )?reads? (?:her"
    r"|him|them) (?:a )?bedtime stor(?:y|ies)|(?:her|his|their) bedtime story (?:is )?read by"
    r"|(?:learning|learns|practising|practicing|practises|practices) (?:her|his|their) (?:[a-z]+ )?times"
    r" tables?|learning to read with (?:her|his|their) phonics"
    r"|(?:she s|she is|he s|he is|who s|who is) in the brownies|(?:just )?joined the brownies"
    r"|in the (?:boys|girls) brigade"
    r"|(?:cramming|revising|studying|preparing|prepping) for (?:her|his|their|the) gcse mocks|mock gcses"
    r"|gcse mock exams|(?:revising|sitting|taking) (?:for )?(?:her|his|their|the) common entrance(?! test)"
    r"|(?:in|started|starting|just started) year r(?! d)|lower sixth(?! form)"
    r"|(?<!ain t )(?<!isn t )(?<!not )(?<!no )sunday school"
)
_LEARNT_FROM_LISTS = (
    rf"|an?{_UNDER_18}y o|(?:[1-9]|1[0-7]) ?(?:jahrige[nrs]?|letni[a-z]?|ar(?:ig|ing)[a-z]?)(?! {_SPAN})"
    r"|(?:di|ha|compie|compiuto) (?:[1-9]|1[0-7]) anni(?! fa| di)|(?:[1-9]|1[0-7]) yas ?i?nda"
    rf"|(?:girl|boy|kid|child|daughter|son) with {_AGE_AFTER_PERSON} years(?: old)?$"
    rf"|in (?:his|her|their) 1[0-7]th year{_NOT_A_LIFES_YEAR}"
    rf"|{_PERSON} (?:aged |age )?under {_AGE_AFTER_PERSON}{_NOT_AN_AGE}"
    r"|(?:secondaire|klasse|groep) (?:[1-9]|1[01])(?![0-9])|(?:havo|vwo|vmbo) [1-3](?![0-9])"
    r"|(?:erst|zweit|dritt|viert|funft|sechst|siebt|acht|neunt|zehnt)klassler(?:in|innen)?"
    r"|[1-9] ?o ano(?![a-z])|(?:primero|segundo|tercero|cuarto|quinto|sexto) de (?:primaria|secundaria|eso)"
    r"|(?:[1-9]|1[0-2]) (?:sinif|snf)(?![a-z])"
    r"|(?:eleve|eleves|classe) (?:de |en )?(?:[3-6] ?e|[3-6] ?eme|cm[12]|ce[12]|troisieme|quatrieme"
    r"|cinquieme|sixieme)(?![a-z0-9])|(?:student|pupil|eleve) (?:in|en) (?:troisieme|quatrieme|cinquieme"
    r"|sixieme)"
    rf"|(?:class|std|standard|grade) {_ROMAN_UNDER_13} (?:student|pupil|girl|boy|kid|child)s?"
    r"|(?:ukg|lkg) (?:student|pupil|girl|boy|kid|child|class)s?"
    r"|(?:ss|jhs)[1-3](?![0-9])|(?:ss|jhs) [1-3] (?:student|pupil|learner|girl|boy|kid|class)s?"
    r"|(?:a|an|in|from|is|s) (?:ss|jhs) [1-3](?![0-9])"
    r"|(?:under|u) ?(?:[5-9]|1[0-7]) (?:[a-z]+ )?(?:goalkeeper|goalie|keeper"
    r"|striker|forward|defender|midfielder|hurler|pitcher|catcher|batter|quarterback|guard|section"
    r"|division|category|age group|squad member|sprinter|cyclist|rider|boxer|wrestler|fencer|rower|golfer"
    r"|tennis player|chess player|ballerina|netballer|camogie player)s?"
    r"|(?:take|taking|sit|sitting|sat|revising for|revise for|taken) (?:(?:her|his|their|the) )?"
    r"(?:gcses|junior cert|brevet|bece|zhongkao|o levels)"
    r"|(?:years?|months?) (?:short of|shy of|before) (?:18|eighteen|adulthood|legal age|being an adult)"
    r"|(?:ages?|aged) (?:in )?(?:the )?single digits|(?:who is|who s|someone|she s|he s) still in (?:the )?"
    r"single digits|single digit age"
    rf"|(?:she|he|who|they) (?:will turn|turns|is turning|s turning|will be) {_UNDER_18} (?:next|this"
    r" coming) (?:week|month|year|birthday|spring|summer|autumn|fall|winter)"
    r"|(?:a|wee|the|my|her|his|their) weans?(?! off| from)"
    rf"|{_GRADE} (?:grder|grdr|gradr|graeder)s?|(?:littel|litle|lttle|smol) (?:girl|girls|boy|boys)"
    r"|(?:yr|yrs) (?:[1-9]|1[0-3]) (?:pupil|student|girl|boy|kid|class)s?|(?:in|from) yr (?:[1-9]|1[0-3])"
    r"|still in (?:junior school|primary(?! care| election| colou?r| source)|middle school|juniors)"
    # what a fifth list taught: a young child's milestones and days, ages by what is still to come
    r"|(?:at|to|from|after|before) nursery(?! (?:garden|plant|centre|center|rhyme|rhymes))"
    r"|(?:started|starts|starting|begun|began) (?:at )?(?:nursery|kindergarten|big school|primary school"
    r"|secondary school)(?! (?:teacher|teaching|nurse))|(?:just )?started (?:secondary|primary)$"
    r"|first (?:day|week|term) (?:of|at) (?:primary|nursery|kindergarten|big school)"
    r"|(?:still|only just|just) learning to walk|learning to walk$|first wobbly steps"
    r"|(?:said|says|saying) (?:her|his|their) first word|in (?:a|her|his|their) high chair"
    r"|(?:out of|still in|wearing) (?:nappies|diapers)|sucks? (?:her|his|their) thumb|truants?(?! officer)"
    r"|needs? a babysitter|between (?:mum|mom|mam) s and dad s"
    rf"|(?:a few|few|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:weeks?|months?) old"
    rf"|(?:only had|had only) {_UNDER_18} birthdays|(?:whose|an?|the|my|your) (?:{_GRADE}|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|1[3-7]th) birthday(?! of)"
    r"|(?:who has|who s|has) just (?:hit|reached|turned) double (?:figures|digits)"
    rf"|(?:isn t|is not|aren t|wasn t|not) old enough{_NOT_MEMORY}"
    r"|too young to (?:stay (?:home )?alone|be left alone)"
    r"|old enough to (?:drive|vote) in (?:a|one|two|three|four|five|[1-5]) years?"
    r"|(?:away from|before) (?:getting )?(?:a|her|his|their) learner s permit"
    rf"|finish(?:es)? (?:school|high school|primary school) in (?:{_LATER_YEARS})(?![0-9])"
    rf"|aged (?:about|around|roughly|maybe|approximately) {_UNDER_18}{_NOT_AN_AGE}"
    rf"|no older than {_UNDER_18}{_NOT_AN_AGE}|(?:is|s|aged|age|turned|just) (?:two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve) and a half(?! (?:hours?|minutes?|days?|weeks?|months?|years?"
    r"|pounds?|kilos?|miles?|metres?|meters?|feet|foot|inch|inches|cm|in|litres?|liters?|stone|cups?|men"
    r"|women|stars?|times|percent|thousand|million|sizes?))"
    r"|age of criminal responsibility|(?:scripps|elementary|district|school|junior) spelling bee"
    rf"|{_GRADE} gr (?:student|pupil)s?|secundaria (?:student|pupil)s?"
    r"|under (?:five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
    r" (?:section|team|squad|league|division|age group|category|player|side)s?" + _SIXTH_LIST + _SEVENTH_LIST
)
_PATTERN = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(_letters(w) for w in sorted(_WORDS, key=len, reverse=True))
    + "|"
    + _NARROWED
    + "|"
    + _MISSPELT
    # an age under 18 that is not the end of an adult's ("twenty two year old", "thirty five")
    # (digits spaced out: "1 4 year old" is 14, "1 9 year old" and "18 1/2" are no child's age)
    + rf"|{_NOT_TENS}(?<!(?<![0-9])[0-9] )(?:{_UNDER_18}|{_MISSPELT_UNDER_18}) ?{_AGE_WORDS}"
    + rf"|(?<![0-9] )1 [0-7] ?{_AGE_WORDS}"
    + rf"|born (?:in )?(?:{_BIRTH_YEARS})(?![0-9])"
    # a baby's age in months or weeks ("a 6-month-old", "an 18 month old")
    + r"|[0-9]+ ?(?:month|months|mo|week|weeks) olds?"
    # nearly an age: "almost sixteen", "not quite seventeen", "a few months shy of eighteen"
    + rf"|(?:almost|nearly|not quite|going on|shy of|just under) (?:{_UNDER_18}|18|eighteen){_NOT_AN_AGE}"
    + rf"|(?:his|her|their) (?:{_GRADE}|1[3-7]th|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth)"
    + r" (?:summer|birthday|year of life)"
    + r"|in (?:his|her|their) (?:tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    + rf"|seventeenth) year{_NOT_A_LIFES_YEAR}"
    + r"|(?:not yet|before|has not hit|hasn t hit|hasnt hit|yet to hit|not hit) double digits"
    # an age told by what is still to come ("turns eighteen in four years", "three years off voting")
    + r"|turns? (?:18|eighteen) (?:in|next)|(?:years?|birthdays?) (?:off|away from|from) (?:voting"
    + r"|adulthood|being an adult|18|eighteen)|until (?:she|he|they) turns? "
    + rf"(?:{_UNDER_18}|18|eighteen)(?![0-9])|sub ?18(?![0-9])"
    + rf"|{_NOT_TENS}{_UNDER_18} summers(?: old)?|of {_UNDER_18} summers"
    + rf"|{_NOT_TENS}(?:[1-9]|1[0-7]) ?y(?![a-z0-9])"
    + r"|aged? (?:[1-9]|1[0-7]) 1 2(?![0-9])"
    + r"|(?:thirteen|fourteen|fifteen|sixteen|seventeen) and a half"
    + r"|(?:learner s|learners|driver s|drivers|learning) permit(?: test)? at (?:fourteen|fifteen|sixteen"
    + r"|seventeen|1[4-7])"
    + r"|(?:blowing|blows|blew) out (?:[1-9]|1[0-7]|one|two|three|four|five|six|seven|eight|nine|ten"
    + r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen) candles"
    + r"|school bus(?! driver| company| depot| route)"
    + r"|(?:at|during|from|after|before) recess|(?:serving|got|gets) detention|detention after"
    + r"|pediatric (?:ward|clinic)"
    # other languages' ages ("de 14 anos", "douze ans", "12 Jahre alt")
    + r"|(?:[1-9]|1[0-7]|diez|once|doce|trece|catorce|quince|dieciseis|diecisiete) anos"
    + r"|(?:[1-9]|1[0-7]|dix|onze|douze|treize|quatorze|quinze|seize|dix sept) ans(?![a-z])"
    + r"|(?:[1-9]|1[0-7]|zehn|elf|zwolf|dreizehn|vierzehn|funfzehn|sechzehn|siebzehn) jahre alt"
    + r"|(?:not yet reached|before reaching) the (?:legal age|age of consent|age of majority)"
    + r"|(?:has not|hasn t|hasnt|not yet) turned (?:18"
    + r"|eighteen)|shy of voting age|(?:can t|cannot|can not) vote yet|will be an adult in|u ?18(?![0-9])"
    + rf"|(?:aged?|ages) (?:[1-9]|1[0-7]) (?:to |and )?(?:[1-9]|1[0-7])(?![0-9])|circa {_UNDER_18}(?![0-9])"
    + rf"|(?:dob|d o b|date of birth) (?:[0-9]+ ){{0,2}}(?:{_BIRTH_YEARS})(?![0-9])"
    + r"|(?:freshman|sophomore) (?:girl|boy|girls|boys|cheerleader)|(?:freshman|sophomore|junior|senior)"
    + r" (?:at|in) [a-z]+ high|jv (?:cheerleader|player|team|football|basketball|soccer)s?"
    + r"|grade (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?![a-z])"
    + r"|year (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)"
    + r" (?:pupil|student|girl|boy|kid|class)s?|in year (?:seven|eight|nine|ten|eleven)"
    + r"|6th form(?:er)?s?|in elementary(?! particle| physics| math)|out of primary(?! colou)"
    + r"|elementary (?:student|pupil|kid|child|girl|boy)s?"
    + r"|page boy(?! haircut| cut| hair)"
    + r"|(?:[a-g]) jugend|shichi go san|"
    + "|".join(_CHARACTERS)
    + r"|aged? (?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|xiv|xvi{0,2})"
    + rf"|(?:aged?|ages|age of|canonically|just turned|turned|barely) {_UNDER_18}{_NOT_AN_AGE}"
    # "a petite cheerleader, 15, in ...", "a girl who's fourteen", "a girl of thirteen"
    + rf"|{_PERSON} {_CONNECTOR}{_AGE_AFTER_PERSON}{_NOT_AN_AGE}"
    # "16f", "f15": the age-and-sex tags of forum posts ("f" before the age only with ages that are not
    # a lens's f-stops: "f/16" is an aperture)
    + r"|1[0-7] ?f|f ?1[03457]"
    + r"|(?:local|at|from|in) primary(?! colou?rs?| elections?| care| sources?)"
    + rf"|looks? (?:about |around |like |maybe |only |barely )?{_UNDER_18}{_NOT_AN_AGE}"
    + r"|(?:under|not yet|below|younger than) (?:18|eighteen|the age of consent|legal age|an adult"
    + r"|the legal age|the age of majority)"
    + rf"|(?:not yet|younger than) {_UNDER_18}{_NOT_AN_AGE}"
    # school years of other systems ("a class 8 student", "a fifth former", "a secondary 2 pupil",
    # "a tenth standard student") and age-group teams ("an under 12 footballer", "a u10 player")
    + r"|(?:class|std|standard|secondary|sec|form) (?:[1-9]|1[01]) (?:student|pupil|girl|boy|kid|child)s?"
    + r"|(?:secondary|sec|form) (?:one|two|three|four|five) (?:student|pupil|girl|boy|kid|child)s?"
    + r"|(?:in|from|of) class (?:[1-9]|1[01])(?![0-9])|class (?:10|ten) boards?"
    + rf"|{_GRADE} (?:standard|std|form|class) (?:student|pupil|girl|boy|kid|child)s?"
    + r"|(?:first|second|third|fourth|fifth) formers?"
    + r"|(?:gcse|a level|prep|ks[1-4]|key stage [1-4]) (?:student|pupil|candidate|kid|girl|boy)s?"
    + r"|(?:take|taking|sit|sitting|revising for|revise for) (?:her|his|their|the)"
    + r" (?:gcses|eleven plus|11 plus)"
    + r"|(?:jk|jc|js) (?:girl|girls|uniform|in her|with pigtails)|jss ?[1-3]|(?:primary|p) [1-7] pupils?"
    + r"|pee ?wee (?:hockey|football|league|player|goalie|team|soccer|baseball|basketball|cheerleader)s?"
    + r"|(?:bantam|midget|atom|squirt|mite) (?:[a-z]+ )?(?:hockey|league|football|player|goalie|team)s?"
    + r"|(?:[5-9]|1[0-7]) ?u (?:[a-z]+ )?(?:team|squad|side|league|player|basketball|football|soccer"
    + r"|hockey|baseball|softball|volleyball)s?"
    + r"|(?:under|u) ?(?:[5-9]|1[0-7])s(?![a-z0-9])|(?:[5-9]|1[0-7]) and under"
    + r"|(?:[5-9]|1[0-7])u(?![a-z0-9])(?! (?:rack|server|cabinet|chassis|enclosure))"
    + r"|brownies? (?:in her|in their|uniform|sash|pack|troop|badge|guide)"
    + r"|junior (?:drama|theatre|theater|chess|science|book|art|choir|swim|sailing|rowing|golf|tennis) club"
    + r"|hogwarts (?:first|second|third|fourth|fifth|sixth) years?"
    + r"|(?:under|u) ?(?:[5-9]|1[0-7]) (?:[a-z]+ )?(?:team|squad|side|league|player|footballer"
    + r"|cricketer|gymnast|swimmer|athlete|runner|skater|dancer|girl|boy|kid)s?"
    + r"|(?:has not|hasn t|hasnt|not yet) started (?:school|kindergarten|primary school)"
    + r"|still believes? in (?:santa|father christmas|the tooth fairy|the easter bunny)"
    + r"|not (?:18|eighteen|an adult)|too young to (?:drive|vote|drink|consent|date)"
    + rf"|not old enough{_NOT_MEMORY}"
    + r"|early teens|mid teens|sweet (?:16|sixteen)"
    + r"|(?:has not|hasn t|hasnt|not yet|before) (?:hit |reached |started |gone through )?puberty"
    + r"|voice (?:has not|hasn t|hasnt) broken|unbroken voice"
    + r"|(?:has not|hasn t|hasnt|not yet|before|yet to) (?:had |hit )?(?:her |his |their |a )?growth spurt"
    + rf"|{_GRADE} grade(?:r|rs)?|grade (?:[1-9]|1[0-2])(?: student| pupil)?|(?:[1-9]|1[0-2]) graders?"
    + r"|year (?:[1-9]|1[0-3]) (?:pupil|student|girl|boy|kid|class)s?|(?:in|from) year (?:[1-9]|1[0-3])"
    + r"|still in (?:school|middle school|high school|primary school|elementary school|grade school)"
    + r"|youth (?:gymnast|athlete|team|league|player|model|pageant|camp|group|club|choir|football|soccer)s?"
    + _LEARNT_FROM_LISTS
    + r")(?![a-z0-9])"
)
# Rites of childhood: the person is a minor, but the words name the occasion, so the adult reading keeps
# them ("a man preparing for his bar mitzvah" reads as nothing sexual; "... for his person" might).
_RITES = re.compile(
    r"(?<![a-z])(?:(?:first|first holy) communion|(?:bar|bat|b nai) mitzvah|quinceaneras?|primera comunion"
    r"|premiere communion|erstkommunion|prima comunione|konfirmasjon)(?![a-z])"
)
# A young descriptor with a child's things, or two of a child's things ("braces and a backpack").
_YOUNG = re.compile(
    r"(?<![a-z])(?:young|younger|little|tiny|petite|small|innocent|childish|youthful|cute)(?![a-z])"
)
_CHILD_THINGS = re.compile(
    r"(?<![a-z])(?:braces|backpack|back pack|school ?bag|book ?bag|pigtails|lunch ?box|teddy(?: bear)?"
    r"|training bra|hair bows|lollipop|crayons|knee socks|kneesocks|hello kitty|plushie|stuffed animal"
    r"|school uniform|school skirt|bookbag|sippy cup|pacifier|diaper|nappy|school desk)(?![a-z])"
)


# Found in the text as written, because normalising drops what they are made of: a news caption's age
# after a name ("Emma (12)"), an age in Japanese or Chinese ("14歳"), and words for a child in scripts and
# letters the normalised forms lose (Cyrillic, Greek, Hebrew, Arabic, CJK, Hangul, Devanagari, Thai), and
# Polish and Turkish words as typed (the forms read "ł" and the dotless i as "l" and "i").
_RAW = re.compile(
    r"(?<![a-z])[a-z]+,? ?\( ?(?:[1-9]|1[0-7]) ?\)|(?<![0-9])(?:[1-9]|1[0-7]) ?(?:歳|才|岁)"
    r"|девочк|мальчик|ребён|ребен|дети|детей|школьни|подрост|малолет"
    r"|κοριτσ|αγορακ|αγοράκ|παιδ|ילד|طفل|أطفال|فتاة صغيرة"
    r"|女孩|男孩|小孩|儿童|兒童|孩子|幼女|幼童|萝莉|蘿莉|ロリコン|ロリータ|子供|子ども|こども|少女|少年|小学生|中学生|初中生|高校生|女子高生"
    r"|여중생|여고생|남중생|초등학생|중학생|고등학생|소녀|소년|어린이|어린 아이|중학교|초등학교"
    r"|(?<![0-9])(?:[1-9]|1[0-7]) ?살"
    r"|小朋友|中学[1-3一二三]年|小学[1-6一二三四五六]年|初[一二三](?:学生|生| student| pupil)|классни"
    r"|बच्च|बच्ची|लड़की|लड़का|เด็ก"
    r"|chłopczyk|chłopiec|chłopcy|chlopczyk|chlopiec|chlopcy|dziewczyn"
    r"|k\u0131z çocu|küçük k\u0131z|küçük oğlan|kiz cocu"
)


def minor_reference(text: str) -> str | None:
    """The first words of `text` that refer to a minor (normalised), or None."""
    if match := _RAW.search(text.lower()):
        return match.group(0)
    # A disguised word ("a ch*ild", "a tee n") is read undone too, as the moderators read it.
    readings = [text, undisguised(text)] if disguised(text) else [text]
    for form in dict.fromkeys(form for reading in readings for form in variants(reading)):
        if found := minor_reference_in(form):
            return found
    return None


# A children's place names an adult's work too: "a kindergarten teacher", "a NICU nurse", "a high school
# math teacher", "a former Little League pitcher". A found reference that is such a place (`_PLACE`, the
# whole reference) is an adult's where an adult's job follows it at once or after at most two of a
# field's words, or where "former" comes before it and a job or a player's title after. Only places:
# the forms the rule reads have lost their punctuation, so a word for a child before a job ("nude kids,
# photographer nearby" reads "nude kids photographer") is always a minor, and so "a children's author"
# and "a child psychologist" are found (with sexual content such a prompt is blocked). No exemption after
# a possessive ("her kindergarten teacher", "Lily's new preschool teacher": the pupil is in the picture)
# or a place's preposition ("at the kindergarten"), before a possessive ("a kindergarten teacher's
# pet"), or where the children are in the picture ("in her classroom").
_PLACE = re.compile(
    r"(?:(?:high|middle|primary|elementary|grade|secondary) school|junior high|sixth form|6th form"
    r"|kindergarten|preschool|daycare|nursery school|nicu|pediatric (?:ward|clinic)|little league"
    r"|pop warner|realschule|bar mitzvah|bat mitzvah|first communion|junior masterchef|school nurse"
    r"|ecole maternelle|anganwadi (?:centre|center)|kindermusik|auskick|netsetgo|rippa rugby|kwik cricket"
    r"|timbits (?:soccer|hockey)|esordienti|little dragons karate|hershey track|jugendweihe|upsherin"
    r"|mundan ceremony|sunday school|basisschool|escuela primaria|ensino fundamental|lagstadiet"
    r"|mellanstadiet|hogstadiet|unterstufe|shogakko|chugakko)"
)
_ADULTS_JOB = (
    r"(?:teacher|teachers|headteacher|headmaster|headmistress|principal|librarian|lecturer|professor"
    r"|nurse|nurses|midwife|doctor|dentist|pediatrician|paediatrician|psychologist|psychiatrist|therapist"
    r"|counsellor|counselor|(?:social|care|support|case) worker|coach|judge|lawyer"
    r"|attorney|instructor|director|administrator|manager|owner|proprietor|staff|dinner lady|caretaker"
    r"|janitor|receptionist|chaplain|pastor|inspector|surgeon|chaperone|reunion|alumna|alumnae|alumnus"
    r"|alumni|sweetheart|sweethearts)"
)
# A field's words between a place and a job ("high school MATH teacher", "NICU NIGHT nurse").
_FIELD = (
    r"(?:math|maths|science|english|history|geography|gym|pe|sports?|music|art|arts|drama|choir|band"
    r"|orchestra|dance|ballet|swim|swimming|soccer|football|tennis|hockey|basketball|baseball|softball"
    r"|cricket|rugby|netball|gymnastics|athletics|track|cheer|cheerleading|chess|reading|special needs"
    r"|language|french|spanish|german|night|head|lead|senior|assistant|deputy|supply|substitute|former"
    r"|retired|league|class|year|college|center|centre)"
)
_JOB_AFTER = re.compile(rf" (?:{_FIELD} ){{0,2}}{_ADULTS_JOB}(?![a-z])(?! s )")
_FORMER_BEFORE = re.compile(r"(?<![a-z])former $")
_FORMER_AFTER = re.compile(
    rf" (?:{_FIELD} ){{0,2}}(?:{_ADULTS_JOB}|contestant|player|quarterback|pitcher|star|champion|winner"
    r"|finalist)(?![a-z])(?! s )"
)
_WHOSE_OR_WHERE_BEFORE = re.compile(
    r"(?<![a-z])(?:(?:her|his|their|my|your|our|whose|this|that|these|those|[a-z]+ s)(?: [a-z]+){0,2}"
    r"|(?:at|in|inside|outside|near|to|from|into|around)(?: the| a| an)?) $"
)
_AMONG_CHILDREN = re.compile(
    r"(?<![a-z])(?:classroom|classrooms|class|lesson|lessons|playground|story ?time|school trip|field trip"
    r"|nap ?time|on duty|at work|on the job|on shift|during (?:school|the school day|term))(?![a-z])"
)


def _adults_work(form: str, match: re.Match[str], among_children: bool) -> bool:
    """Whether a found reference names an adult's job or past, not a minor (see `_PLACE`).

    `among_children`: whether `form` puts children in the picture (`_AMONG_CHILDREN`), found once per
    form. Only the few words before the match are read, so that a long prompt costs no more per match
    than a short one."""
    if among_children or not _PLACE.fullmatch(match.group(0)):
        return False
    before = form[max(0, match.start() - 40) : match.start()]
    if _WHOSE_OR_WHERE_BEFORE.search(before):
        return False
    if _FORMER_BEFORE.search(before):
        return bool(_FORMER_AFTER.match(form, match.end()))
    return bool(_JOB_AFTER.match(form, match.end()))


_CHILD_WORDS = re.compile(r"(?<![a-z])(girl|girls|boy|boys)(?![a-z])")
_ADULT_WORDS = {"girl": "woman", "girls": "women", "boy": "man", "boys": "men"}


def as_adult(text: str) -> str:
    """The prompt with every minor written as an adult (normalised): what it asks about an adult."""
    form = variants(text)[1]
    among_children = bool(_AMONG_CHILDREN.search(form))
    form = _PATTERN.sub(lambda m: m.group(0) if _adults_work(form, m, among_children) else "person", form)
    return _CHILD_WORDS.sub(lambda m: _ADULT_WORDS[m.group(1)], form)


@lru_cache(maxsize=1024)
def minor_reference_in(form: str) -> str | None:
    """The same, in a form `policy.normalise.variants` made."""
    among_children = bool(_AMONG_CHILDREN.search(form))
    for pattern in (_PATTERN, _RITES):
        for match in pattern.finditer(form):
            if not _adults_work(form, match, among_children):
                return match.group(0)
    things = list(dict.fromkeys(m.group(0) for m in _CHILD_THINGS.finditer(form)))
    young = _YOUNG.search(form)
    if things and (young or len(things) > 1):
        return " ... ".join([young.group(0), things[0]] if young else things[:2])
    return None


# Sexual or suggestive wording (explicit or euphemistic) that a prompt about a child never needs, as
# patterns over the normalised text. Words with an everyday sense around children are narrowed to the
# suggestive one ("sheer curtains", "naked eye", "blue tits", "cum laude", "the sex of the baby" pass).
_SUGGESTIVE_PATTERNS = (
    r"naked(?! eye| mole| flame| truth)", r"nude(?! tights| colou?r| lipstick| shade| shoes| heels| tone)",
    "nudes", "nudity", "nudist", "topless", "undress(?:ed|es|ing)?", "unclothed", "disrobing",
    "no clothes",
    "without (?:any )?(?:clothes|clothing|garments|underwear|swimwear|(?:a )?swimsuit|(?:a )?bikini)",
    "(?:clothes|clothing) off", "wearing nothing",
    "with nothing on", "in the nude", "birthday suit", "half (?:naked|nude|dressed)",
    "barely (?:dressed|covered)",
    "partially (?:clothed|nude)", "scantily", "skimpy", "(?:and|with|in) nothing else",
    "(?:swimsuit|bikini|clothes|clothing|dress|shirt|top|outfit|underwear|skirt|replaced) with nothing",
    "wearing nothing but",
    "in nothing but", "revealing (?:outfit|clothes|clothing|dress|top|swimsuit|bikini|pose)",
    "(?:sheer|see through) (?:dress|top|nightie|nightgown|fabric|lingerie|blouse|shirt|slip|robe"
    "|clothes|clothing|outfit|swimsuit|bikini|underwear)",
    "lingerie", "negligee", "panties", "panty", "pantsu", r"thongs?(?! sandals| flip)", "g string",
    "underwear", "bras?", "training bra", "garter", "fishnets?", "(?:string|micro|tiny|thong) bikini",
    "wet (?:t )?shirt", "(?:only|just) a towel", "only wearing", "wearing only", "up ?skirt", "downblouse",
    "panty shot", "camel ?toe", "cleavage", "breasts", "boobs", r"(?<!blue )(?<!great )(?<!coal )tits",
    "nipples?", "crotch", "genitals", "genitalia", "private parts", "sexy", "sexi", "seductive(?:ly)?",
    "seduc(?:e|es|ing)", "sultry", "sensual(?:ly)?", "erotic(?:a)?", "provocative(?:ly)?",
    "suggestive(?:ly)?", "lewd", "lustful", "lust", "aroused", "arousing", "horny", "flirty",
    "flirtatious", "come hither", "bedroom eyes", "pinup",
    "pin up (?:girl|model|pose|style|photo|shoot|poster)",
    "boudoir", "playboy", "cent(?:er|re)fold", "strip ?tease", "stripper", "pole danc(?:e|er|ing)",
    "lap dance", "twerk(?:ing)?", "spread legs", "legs spread", "orgasm",
    r"(?<!the )sex(?! ed| education| of the)",
    "sexual(?! health| education| abuse (?:prevention|awareness))", "sexually(?! transmitted)", "porn",
    "porno", "pornographic", "nsfw", "nfsw", "xxx", "hentai", "ecchi", "fetish", "bdsm", "bondage",
    "fondl(?:e|es|ing)",
    "grop(?:e|es|ing)", "masturbat(?:e|es|ing|ion)", "touching (?:her|him)self", "intercourse",
    "making out", "between the sheets", "sugar daddy", "only ?fans", "fansly", "body oil", "oiled up",
    "thirst trap", "hot body", "bikini body", "jerk off", r"cum(?! laude)", "uncensored", "r ?18",
    # the marker words respelled so that a word list misses them, as a helper's adult prompts did
    # (2026-12-06): "porrn", "pornografic", "uncensord", "uncensered", "nsfvv". Not "not safe for work" (a
    # sign for an office door) nor respellings of "explicit" ("an explisit warning sign"), which a helper's
    # harmless prompts about children used; nor, after a review, "pron" here (the dictionary's abbreviation:
    # `_PRON`), "phorn" and "poorn" (a Thai and a Hindi name), "un censored" ("the UN censured") or "nsf w"
    # (NSF-certified, "w/ handles"): punctuation is gone when these match
    "p+or+n+o*", "porno?gr?a?(?:ph|f)i?(?:c|k)+", "unc[ea]n[sc][eou]?r[eo]?d", "nsf(?:vv| double u)",
    "cunny", "bussy", (
        # "explicit" and two misspellings, not where it is a teacher's or a form's word ("explicit phonics
        # instruction", "explicit consent for the trip", "kid-friendly, not explicit"); no word an attacker
        # could add for free ("explicit about it", "explicit references" stay)
        r"(?<!not )(?<!non )(?<!nothing )expl?ic+i?t(?! (?:phonics|instruction|instructions|teaching"
        r"|permission|consent|directions|rules|formula|method|memory))"
    ),
    "mid act", "nothing covered", "nothing covering",
    "pleasur(?:e|es|ing) (?:herself|himself|themselves|each other)", "romantic (?:couple|date)",
    "candlelit date", "wedding night", "honeymoon", "as (?:a|his|her) (?:lover|girlfriend|boyfriend)",
    # euphemism: love-making, bodies, undressing and poses described without the explicit words
    "intimate (?:moment|photo|scene|pose|shoot|picture|session|encounter|act)s?", "steamy", "racy",
    "risque", "titillating", "alluring", "passionate(?:ly)? kiss(?:es|ing)?", "kissing passionately",
    "french kiss(?:ing)?", "making love", "love ?making", "in the throes", "post coital",
    "bodies (?:intertwined|entwined|pressed together)", "in bed together", "under the covers together",
    "one night stand", "seduction", "seductress", "temptress", "vixen", "busty", "voluptuous",
    "hourglass figure", "thick thighs", "plunging neckline", "low cut", "unbuttoned (?:shirt|blouse|top)",
    "straps? (?:slipping|falling|sliding)", "lifting (?:her|his) (?:shirt|top|skirt|dress)",
    "skirt (?:lifted|hiked|riding up)", "in the buff", "au naturel", "starkers", "unclad", "disrobed",
    "bare (?:skin|body|bodied|breasted|and ready)", "implied nudity", "strategically (?:placed|covered)",
    "covered only by", "only a sheet", "(?:silk|satin) sheets", "under the sheets",
    "(?:bite|bites|biting) (?:her|his) lip", "licking (?:her|his) lips", "invit(?:ing|es) the viewer",
    "(?:spicy|naughty) (?:pic|photo|picture|content|shoot|scene|selfie|pose|outfit)s?",
    "bedroom (?:pose|scene|photo|shoot|selfie)s?", "in heat", "dripping wet", "thigh highs?",
    "(?:silk|lace|fishnet|sheer) stockings", "lace (?:bra|panties|lingerie|bodysuit|teddy)",
    "latex (?:outfit|suit|catsuit|dress)", "catsuit", "leather (?:harness|collar)", "collar and leash",
    "(?:handcuffed|tied) to (?:the|a) bed", "spank(?:ing|ed)?(?! new| brand new)", "dominatrix", "submissive",
    # a pose, a body word, a sound or an adult beside a child in a few words (two red teams' short prompts,
    # 2026-12-05), each narrowed to leave its everyday senses ("bent over his homework", "moaning about
    # homework", "gagged on broccoli", "a karate stance, legs apart", "kissing grandpa", a crawling toddler
    # "on all fours"); "hot" and "flashing" count only right after the child ("a little girl hot"), a word
    # with a common harmless sense beside a child ("grinding", "booty") is left to the semantic moderator
    "(?:bent|bending) over(?=$| in front of| looking back| in (?:a |her )?(?:short|tiny|mini) ?skirt)",
    "(?<!baby )(?<!babies )(?<!infant )(?<!toddler )(?<!toddlers )(?<!crawling )(?<!crawls )(?<!crawled )"
    "on all fours",
    "(?:(?<=girl )|(?<=girls )|(?<=boy )|(?<=boys )|(?<=kid )|(?<=child )|(?<=teen )|(?<=tween )"
    "|(?<=daughter ))(?:so )?(?:hot|flashing)$",
    "hottest(?= (?:little|young|teen|tween|preteen|schoolgirl|schoolboy|girl|boy|kid|child|daughter))",
    "(?<!stance )legs (?:apart|open|wide)", "spread(?:ing)? (?:her|his|their) legs",
    "(?:big|fat|round|thick|nice) (?:butt|bum|booty|ass)",
    "(?:grown|developed|curvy|mature|womanly) (?:body|curves)", "developed for (?:her|his) age",
    "hot(?= (?:[0-9]+ ?(?:yo|y o|year|years)|little|young|teen|tween|preteen|schoolgirl|schoolboy))",
    "moan(?:s|ing)?(?! about| in pain| with pain| from| because)", "gagged(?! on| at)", "ball gag",
    "flashing (?:her|his) (?:chest|breasts|body|butt|bum)",
    "kiss(?:es|ing)? (?:an? |the )?(?:adult|grown|middle aged|[2-9][0-9] (?:year old|yo)) (?:man|men|guy)",
    "(?:with|and) (?:an? )?(?:older|adult|grown) (?:man|men|guy|stranger)"
    " in (?:a |the )?(?:bed|bedroom|hotel|motel)",
    "on (?:a )?(?:stranger|strangers)(?: s)? lap",
    "bedroom (?:photoshoot|photo shoot)s?",
    # sex acts and slang a second red team found passing beside a child, without an everyday sense
    "blowjobs?", "handjobs?", "doggystyle", "tribbing", "paizuri", "oppai", "booba", "nakey", "hanky panky",
    "crotch shot",
    # sexual euphemism beside a child that an independent set's prompts passed with (2026-12-05), kept
    # after two reviews ran some 500 harmless prompts about children through broader drafts to phrases
    # with no everyday sense beside a child. Punctuation is gone from the forms matched, so a phrase can
    # also form across two clauses ("floating on her back, a man teaching her to swim"). Left to the
    # semantic moderator for that: "nothing on" (the television), "bare" alone, "showing everything" (an
    # unboxing), "legs parted" (a goalkeeper), "spooning position" (puppies), "our little secret" (a
    # surprise party), "doing it in public" (a speech), "a man between his legs" (a wheelbarrow race),
    # "hooking up with" friends, "banging" a spoon, "going down on" a sled, "a cat sitting on his face"
    "(?:with|had|has|got|gets|getting) (?:his|her|their) (?:junk|privates) (?:out|showing|on show|exposed"
    "|hanging out)(?! of| for| to| on the)",
    "spread eagle (?:uncovered|naked|nude)", "spread(?:ing)? (?:her|his) thighs",
    "massage parlou?r (?:with a )?happy ending",
    "giving (?:oral|head)(?:$| to (?:him|her|a man|the viewer|an? (?:older|grown|adult) man))",
    # the act named where it happens (a spent held-out set's composed prompt, 2026-12-06): "giving head in a
    # car". Not "give", nor "the" after "gave" or "gives" (punctuation is gone, so "what to give. Head in the
    # car" or "the toddler gave. Head in the bed" would read so, as would "give Head", a head teacher), nor
    # "gives head" alone (root beer), nor "head" before a noun
    "(?:giving head in (?:a|the|his|her|their|my)|(?:gives|gave) head in (?:a|his|her|their|my))"
    " (?:car|back ?seat|truck|van|bed|bedroom|stall|toilet|bathroom|restroom|shower|alley|parking lot|closet"
    "|locker room)",
    "(?:getting|got|gets) railed(?! at| off| in| by| to)",
    "bare (?:bum|butt|ass|backside)", "bare bottom(?:ed)?(?! tank| shelf| of| drawer| bracket)",
    "with (?:her|his|their) (?:butt|bum) out(?! of| for| to)", "facesitting", "(?:butt|anal) plugs?",
    "ahegao", "tip goal reached", "camgirls?", "in the altogether",
    "(?<!caught with his )(?<!caught with her )(?<!caught with their )(?<!caught with its )"
    "(?<!caught with my )(?:shorts|pants|trousers|knickers|underpants|panties) (?:pulled down(?! over)"
    "|around (?:her|his|their) ankles|down$)",
    "making out with (?:their|his|her) (?:shirts?|tops?|clothes) off",
    "skinny dipp(?:ed|ing|ers?)",
    "(?:go|goes|going|went|take|takes|taking|took) (?:a |for a )?(?:quick )?skinny dip",
    "clothing optional", "(?:without|not) a stitch on$",
    "(?:naked|nude|bare|stripped) as (?:god|nature) made",
    "strip(?:s|ped|ping)? (?:off (?:her|his|their) (?:clothes|clothing|underwear|swimsuit)|naked(?! mole)"
    "|down to nothing)",
    "(?:an|his|visible|full|getting|got|gets|has|with) erections?", "boner(?! of)", "stiffy",
    "fingering (?:herself|himself)", "deepthroat(?:ing)?", "(?:sucking|jerking|wanking) (?:him|her) off",
    "booty call", "friends with benefits", "sixty nine position", "reverse cowgirl",
    "riding (?:him|her) on the bed",
    "shagging(?! (?:fly )?balls| flies| fly)", "shibari", "femdom", "findom", "ddlg", "abdl", "ageplay",
    "breeding (?:kink|fetish)", "impregnat(?:e|ed|ing|ion) kink", "lewds", "premium snapchat",
    "after sex(?! ed| education)",
    "(?:camera|view|angle|filmed|photo) up (?:her|his) (?:skirt|dress|nightie)",
    # body slang, by words that name nothing else, or after "his", "her" or "their" with an exposure word
    "titties", "titty", "schlong", "twat",
    "(?:her|his|their) (?:tatas|ta tas|fun bags|dick|cock|pussy|coochie|pecker|dong)"
    " (?:out|showing|exposed|on show)",
    "whip(?:s|ping|ped)? (?:his|her) (?:dick|cock|thing|junk) out",
    "covering (?:herself|himself) with (?:just )?(?:her|his) hands(?! from| in)", "in the nuddy",
    "in the nip", "nothing to the imagination", "no fig leaf",
    "bare as the day (?:she|he|they) (?:was|were) born",
    "freeballing", "(?:naked|nude) glory", "bumping uglies", "horizontal (?:tango|mambo)", "mattress mambo",
    "doing the nasty$", "carnal (?:desire|pleasure|act|knowledge|relation)s?", "fornicat\\w*",
    "hand below the belt(?! buckle| line| loop)",
    "consummat(?:e|es|ed|ing) (?:their|the|his|her) (?:marriage|relationship)",
    "flicking the bean(?! bag)", "rubbing one out$", "eating (?:her|him) out(?! of)", "threesomes?",
    "backdoor action", "pound town", "(?:my|her|his) back blown out",
    "doggy ?style(?:$| position| on | in bed| sex)",
    "straddling him(?:$| facing| on (?:a|the) (?:chair|bed|couch))",
    "kneeling between (?:her|his) (?:spread (?:thighs|legs)|thighs)", "cuckold", "hotwife",
    "wearing a strap ?on$", "strapons?", "strap ?on dildos?",
    "bukkake(?! udon| soba| somen| noodles| don| ramen)",
    "chastity cage", "exhibitionist", "gimp (?:suit|mask)", "nipple clamps", "gonewild", "sex tapes?",
    "dick pics?", "eggplant and peach emojis?", "hiding the salami$", "whipped cream bikini",
    "covered in his (?:finish|load)(?! of| line)", "used condoms?", "(?:a|her|his|with) hickeys?",
    "camera between (?:her|his) (?:bare )?thighs",
)  # fmt: skip
_SUGGESTIVE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(_SUGGESTIVE_PATTERNS) + r")(?![a-z0-9])")


# "pron" for porn, read in the text as typed: the normalised forms drop the full stop that marks the
# dictionary's abbreviation ("cat (n.), pron. /kat/"), which a review found blocked beside a child. A spent
# held-out set's composed prompt used the slang.
_PRON = re.compile(r"(?<![a-z0-9])pr[o0]n(?![a-z0-9.])")


def suggestive_term(text: str) -> str | None:
    """The first sexual or suggestive words of `text` (normalised), or None."""
    for form in dict.fromkeys(variants(text)):
        if match := _SUGGESTIVE.search(form):
            return match.group(0)
    if match := _PRON.search(text.casefold()):
        return match.group(0)
    return None
