"""Greetings, thanks and "ok": a short friendly reply, never "my guide doesn't cover that".

Only a message made of nothing but small talk counts ("thanks!", "hi there", "ok cool 👍",
"thank you so much doc"): "hi, how long will I be sore?" is a question and goes to the articles.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.knowledge.text import fold, without_titles


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    OK = "ok"
    GOODBYE = "goodbye"
    # "are you a bot?", "what's your name": who is answering.
    WHO = "who"
    # "neck feels loads better btw": good news that asks nothing, not a question for an article.
    GOOD_NEWS = "good_news"


_PHRASES: dict[SmallTalk, tuple[str, ...]] = {
    SmallTalk.GREETING: (
        "hi+",
        "hello+",
        "hey+",
        "hiya",
        "heya",
        "howdy",
        # South African, Jamaican and other everyday hellos.
        "howzit|howsit|heyo|wagwan|wah gwaan|wa gwaan|wah gwan|ahoy|hallo|hey hey|gm gm",
        "yo",
        "g ?day",
        "good (?:morning|afternoon|evening|day)",
        "morning",
        "afternoon",
        "arvo",
        "evening",
        "greetings",
        "hi there",
        "sup|wassup|whats up|what s up|wazzup",
        "namaste|salaam|salam|assalamu alaikum|as salaam alaikum|hola|bonjour|kia ora|ciao",
        "dzien dobry|buenos dias|bom dia|jambo|habari|sawubona|konnichiwa|ni hao|xin chao"
        "|merhaba|selamat pagi|shalom|guten (?:tag|morgen)|buongiorno",
        "hello there",
        "hey there",
        "gm",
        "test(?:ing)?(?: 123| 1 2 3)?",
        "(?:just )?test(?:ing|in)? (?:this|it)(?: thing| chat| bot| app)?(?: out)?",
        # "hello, good day to you. i am new patient, i only say hello".
        "good day(?: to (?:you|u|ya|all|everyone))?",
        "only i say (?:hello|hi)",
        "(?:i )?(?:only|just) (?:say|saying|sayin|wanted to say|want to say|wanna say)"
        " (?:hello|hi|hey|hiya)",
        # "i trust this message finds you well".
        "(?:i )?(?:trust|hope) (?:this|my) (?:message|note|email|text) finds (?:you|u|ya|everyone)"
        " well",
        "nice to meet (?:you|u|ya)",
        "pleased to meet (?:you|u)",
        "(?:i am|im) (?:a )?new(?: here| patient| client| user)?(?: here| of (?:the|this|your)"
        " (?:clinic|practice|chat|bot|app))?",
        # "wah gwaan, jus checkin if dis ting work".
        "(?:just |jus )?checkin[g]? (?:if |that |whether )?(?:this|dis|the|it)(?: \\w+)? works?",
        "(?:just )?check(?:ing|in)? in(?: here)?",
        "(?:its )?(?:my )?first time (?:using|usin|trying|on) (?:this|the|a)(?: \\w+){0,2}",
        "(?:just |jus )?(?:saying|sayin|sayn) (?:hello|hi|hey|hiya)",
        # "i wish you have a nice day", "wishing you a lovely weekend".
        "(?:i )?(?:wish|wishing) (?:you|u|ya|everyone|you all)(?: to)?(?: have| a)?(?: a)?"
        " (?:good|nice|great|lovely|happy|blessed|wonderful) (?:day|week|weekend|evening"
        "|morning|afternoon)",
        # "good morning from a very soggy galway".
        "(?:good )?(?:morning|afternoon|evening|hello|hi|greetings|g day) from(?: (?:a|the|very"
        "|sunny|rainy|soggy|wet|cold|chilly|windy|snowy|freezing|hot|beautiful|lovely|grey"
        "|gray|foggy|misty))* \\w+",
        "(?:i am|im) (?:fine|good|well|ok|okay)(?: thanks| thank you)?",
        "sir|madam|maam|doctor|doc|sir ma|sir madam|sir or madam",
        # Filipino courtesy: "hello po! good morning", "salamat po".
        "(?:hello|hi|hey|good (?:morning|afternoon|evening|day)"
        "|magandang (?:umaga|hapon|gabi)) po",
        # "i just want to greet you", "compliments of the season", "a quick hello".
        "(?:i )?(?:just )?(?:want|wanted|wanna) to greet (?:you|u|ya|everyone|you all)",
        "compliments of the season|seasons greetings|season s greetings",
        "(?:(?:thought )?(?:i d|id|i would|i ll|ill) )?(?:send|sending|say|saying)"
        " a (?:quick |little |wee )?(?:hello|hi|hey)",
        # "hope you're well", "hope the team's having a good week".
        "(?:i )?hope (?:you re|youre|you are|ur|u r|you|all|everyone|every one|the team|the team s"
        "|the teams|you all|you guys)(?: at the (?:clinic|practice|office)| there)?"
        "(?: is| are| s)?(?: all| keeping| doing)? (?:well|good|ok|okay|great)"
        "(?: at the (?:clinic|practice|office)| there)?",
        # "lovely day here in penzance".
        "(?:(?:a|such a|what a) )?(?:lovely|beautiful|nice|gorgeous|glorious|sunny|grey|gray|wet"
        "|rainy|miserable|cold|hot) (?:day|morning|evening|weather)(?: here| today| out)?"
        "(?: in \\w+)?",
        "(?:i )?hope (?:the team|the team s|the teams|everyone|every one|you all|you guys|all)"
        "(?: at the (?:clinic|practice|office)| there)?(?: is| are| s)?(?: having| have| has"
        "| had)?"
        " (?:a )?(?:good|nice|great|lovely) (?:day|week|weekend|morning|afternoon)",
        "(?:i )?hope (?:you re|youre|you are|ur|u r|your|you)(?: all)?(?: having| havin| have)?"
        " (?:a )?(?:good|gd|nice|great|lovely)(?: quiet| calm| relaxing| restful| easy)?"
        " (?:day|one|morning|afternoon|evening|week|weekend|start to the (?:day|week))"
        "(?: at the (?:clinic|practice|office)| there)?",
        # "good afternoon, is this the physio clinic's chat? just checking i've got the right
        # number".
        "is (?:this|it) the (?:right )?(?:\\w+ ){0,3}(?:chat|number|clinic|bot|practice|place)",
        "(?:i )?(?:just )?(?:wanted|want|wanna) to (?:check|make sure) (?:i ve|ive|i have|i)"
        " (?:got |found |reached )?the right (?:number|chat|place|bot|clinic|practice)",
        "(?:(?:its|this is|it is) )?(?:my )?first time (?:i )?(?:use|using|usin|try|trying|on)"
        " (?:this|the|a)(?: \\w+){0,2}",
    ),
    SmallTalk.THANKS: (
        "thanks?",
        "thanks heaps",
        "thank you",
        "thank u",
        "thankyou",
        "thanx",
        "thx",
        "tx",
        "ty",
        "tysm",
        "cheers",
        "ta",
        "much appreciated",
        "appreciate (?:it|that|you)",
        "many thanks",
        "thanks a lot",
        "that helps",
        "that helped",
        "very helpful",
        "(?:maraming )?salamat(?: po)?|asante(?: sana)?|gracias|merci|danke|shukran|dhanyavaad",
        "diolch(?: yn fawr)?|obrigad[oa]|grazie|dziekuje|arigato|nagode|daalu|medaase",
        # "i am thanking you very much for the kind treatment. god bless."
        "(?:i am |im )?thanking (?:you|u)(?: very much| so much)?(?: for (?:the |your )?"
        "(?:kind |good |great |lovely )?"
        "(?:treatment|care|help|session|service))?",
        "god bless(?: you| u| you all)?(?: and (?:your|ur|all your) (?:team|family|families"
        "|staff|clinic|loved ones))?",
        "helpful",
        "(?:ur|youre|you re|you are|u r)(?: all)? (?:a |an )?"
        "(?:absolute |wee |little |real |total )?(?:lifesavers?|life savers?|legends?"
        "|stars?|gems?|hero|heroes|angels?|champs?)",
        # "salamat po for today, very nice clinic and staff!", "big up fi di session".
        "(?:very |such a |a |really )?(?:nice|lovely|great|wonderful|amazing|brilliant|friendly)"
        " (?:clinic|staff|team|place|people|service)(?: and (?:staff|team|service|people))?",
        "big up(?: (?:fi|for|to) (?:di|the|da|de|dem|you|u|yu) ?"
        "(?:session|treatment|team|staff)?)?",
    ),
    SmallTalk.OK: (
        "ok+",
        "okay",
        "okey",
        "k+",
        "kk",
        "alright",
        "all right",
        "right",
        "got it",
        "i understand",
        "gotcha",
        "understood",
        "noted",
        "cool",
        "great",
        "good",
        "perfect",
        "nice",
        "awesome",
        "brilliant",
        "lovely",
        "fine",
        "sure",
        "yes",
        "yep",
        "yeah",
        "yup",
        "no worries",
        "fair(?: enough| point| call)?",
        "no wukkas",
        "no probs?",
        "no problem",
        "sweet as",
        "sounds good",
        "will do",
        "makes sense",
        "i see",
        "ah",
        "oh",
        "haha",
        "lol",
        "wow",
        # Sent here by mistake: nothing to answer.
        "(?:sorry|oops|whoops|my bad|ignore (?:that|this|me))? ?wrong (?:chat|person|number"
        "|conversation|window|group)",
        "ignore (?:that|this|me)",
        "sorry",
        "oops",
        "whoops",
        "sent (?:that|this|it) by mistake",
        # "sorry, wrong chat! meant to message my sister".
        "meant (?:to|for) (?:message|text|send|write to|ring|call)?(?: (?:this|that|it))?"
        "(?: to)?(?: my \\w+| someone else| \\w+)?",
        "all good(?: here| this end| thanks)?",
        "grand",
        # "right, that's me sorted".
        "(?:right |ok |okay )?(?:thats|that s|that|that is) (?:me|us|it|everything|all) sorted",
        "(?:nvm|never ?mind)(?: (?:got it|sorted|found it|all good|figured it out))?",
    ),
    SmallTalk.GOODBYE: (
        "bye+",
        "goodbye",
        "bye bye",
        "good ?night",
        "nite",
        "gn",
        "night",
        "see (?:you|ya|u)(?: later| soon)?",
        "catch (?:you|ya|u|yas)",
        "(?:bye|see (?:you|ya|u)|catch (?:you|ya|u)|talk)(?: for now| next week| tomorrow| then"
        "| on \\w+| later| soon)",
        # "see u thurs", "see you tues".
        "(?:see (?:you|ya|u)|cya|cu|c u|c ya|see ya)(?: (?:on )?(?:mon|tue|tues|wed|weds|thu|thur"
        "|thurs|fri|sat|sun)\\w*| (?:tmrw|tmr|tmrow|tomoz|tomorrow|tomorow|2moro|2morrow|later"
        "|soon|next week|nxt wk|nxt week|next wk))?",
        "later",
        "laters|laterz|l8r|l8rs",
        "take care",
        "talk (?:to you|soon)",
        "(?:speak|chat|catch up) (?:to you |with you )?(?:soon|later|then)",
        "ttyl",
        "have a (?:good|nice|great|lovely) (?:one|day|night|evening|weekend)",
        "happy (?:new year|christmas|easter|holidays)",
        "merry christmas",
    ),
}
# Thanks with praise or news but no question: "my back feels amazing, thank you!".
_GRATITUDE = re.compile(
    r"\b(?:thank(?:s| you| u)?|thx|ty|tysm|cheers|grateful|appreciate|legend|lifesaver"
    r"|(?:a )?credit to (?:you|u|the (?:clinic|team|practice))|big up"
    r"|you re (?:a )?(?:star|great"
    r"|helpful|amazing)|youre (?:a )?(?:star|great|helpful|amazing)|pretty helpful|so helpful)\b"
)
_GREETING_ONLY = re.compile(
    r"^(?:hi+|hello+|hey+|hiya|howzit|gm|morning|evening|afternoon"
    r"|good (?:morning|afternoon|evening))\b.*\b(?:testing|testin|test"
    r"|trying (?:this|it) out|see how (?:it|this) works"
    r"|just (?:saying|sayin|sayn) (?:hi|hello|hey)"
    # "hi from sarah", "hello from a sunny beach": not "... stiffness from sitting all day".
    r"|from(?: [a-z]+){1,3}$"
    r"|checking (?:if |that )?(?:the |this )?(?:chat|bot|app|it|this)(?: \w+)? works?"
    r"|(?:see|sea|know) what (?:this|it|the) (?:chat |bot |thing |app )?(?:does|is|can do)"
    r"|(?:see|sea|c) how (?:it|this)(?: thing)? works"
    r"|(?:wanted|want|wanna) to say (?:hi|hello|hey)"
    # "morning, it's keith, just checking in to say all good, no problems, speak soon".
    r"|checking in(?: to say)? (?:all good|all fine|everything s fine|everything is fine)"
    r"|is (?:this|it)(?: thing)? (?:working|on)"
    r"|(?:dont|do not) (?:really )?have (?:a|any) questions?|no questions?"
    # "just off a night shift ... thought i'd send a quick hello".
    r"|(?:send|sending|say|saying) a (?:quick |little |wee )?(?:hello|hi|hey))\b"
)
# "reception here, just testing that this chat works": trying the line, with or without a hello.
_TESTING = re.compile(
    r"\b(?:just )?test(?:ing)? (?:that |if |whether |to see if )?(?:this|the) (?:chat|bot|app"
    r"|line|thing)(?: \w+)? (?:works?|is working)\b"
    # "reception here, just testing the bot link before we hand it out".
    r"|\b(?:just )?test(?:ing)? (?:out )?(?:this|the|our|your) (?:chat ?bot|bot|app|chat)"
    r"(?: (?:link|thing|out))?\b"
    # "reception here, just saying hi ... wanted to check this chat works".
    r"|\bcheck(?:ing)? (?:that |if |whether )?(?:this|the|your) (?:chat|bot|app|line)(?: \w+)?"
    r" (?:works?|is working)\b"
)
# "how are you?", "hows ur day goin": a courtesy question, answered as a greeting.
_HOW_ARE_YOU = (
    r"how (?:are|r) (?:you|u|ya|things)(?: doing| today| going)*|hru|hbu|wbu|and (?:you|u)"
    r"|hows? (?:it going|it goin|things|you|your day|ur day)(?: going| goin)?"
    r"|how (?:is|s) (?:your|ur) day(?: going| goin)?"
)
_WHO = re.compile(
    r"\b(?:(?:are|r) (?:you|u) (?:a |an )?(?:real|human|person|bot|robot|ai|machine|computer)"
    r"|for an? (?:bot|robot|machine|computer|ai)|(?:ur|youre|you re|you are|u r) (?:a |an )?(?:bot"
    r"|robot|machine|computer|ai)\b"
    # "heyyy u the clinic bot?".
    r"|^(?:\w+ )?(?:are |r )?(?:you|u) (?:the|a) (?:clinic s |clinic |clinics |physio |physios )?"
    r"(?:bot|chatbot|assistant|robot)$"
    r"|(?:is this|am i talking to|am i chatting (?:to|with)) (?:a |an )?(?:real|human|person|bot"
    r"|robot|ai|machine|computer)"
    r"|(?:talking|talkin|chatting|chattin|speaking|texting|textin) (?:to|with|2) (?:a |an )?"
    r"(?:actual |real )?(?:computer"
    r"|bot|robot|machine|ai|human|person)"
    # "is this chat read by a human, or automated?", "u a robot or wat".
    r"|(?:read|monitored|checked|answered|run|staffed|manned|written) by (?:a |an |actual |real )?"
    r"(?:human|person|people|someone|somebody|computer|bot|robot|machine|ai)"
    r"|is this (?:the |a |your )?(?:clinic|physio|right|correct)(?: \w+)? (?:chat|number|bot"
    r"|line)(?: thing)?(?:$| (?:ok|okay|great|cool|nice|thanks|lol|haha)\b)"
    # "is this the bot thing the lady at reception mentioned", "how does it work".
    r"|is this the (?:\w+ )?(?:bot|chatbot|chat bot)(?: thing)?\b"
    # "how does it work" asks about the chat only beside a word for it: "what does the needle
    # do to the muscle, how does it work" asks about needling.
    r"|how (?:does|do) (?:this|the bot|the chat)(?: thing| bot| chat)? work"
    r"|\b(?:bot|chat|chatbot|app|number|this thing)\b.*\bhow (?:does|do) it work"
    r"|who is (?:writing|texting|messaging) (?:me|to me)"
    r"|is this the (?:clinic|practice) (?:of|for) \w+$"
    # "yo whos this lol a robot??", "this is right number for physiotherapy clinic?".
    r"|^(?:\w+ ){0,3}who ?s this(?: lol| haha)?(?: (?:a |an )?(?:bot|robot|ai|human|person))?"
    r"(?: lol| haha)?$"
    r"|(?:are|r) (?:you|u) (?:the|a|an) (?:same |\w+ )?(?:robot|bot|ai|computer|assistant)"
    r"(?: of| for| from| that)?\b"
    r"|(?:this is|is this) (?:the )?(?:right|correct) (?:number|chat|place|line) for"
    r" (?:the |your )?(?:\w+ ){0,2}(?:clinic|physio\w*|practice)"
    r"|^(?:\w+ ){0,3}(?:are |r )?(?:you|u|ya) (?:alive|awake|still there)(?: lol| haha)?$"
    r"|(?:is|are) (?:this|it|you|u) automated|(?:you|u|ya) (?:a |an )?(?:bot|robot)(?: or)"
    # "you are the computer assistant, yes?".
    r"|(?:you|u) (?:are|r) (?:the |a |an )?(?:computer|bot|robot|ai|virtual|digital|automatic)"
    r" (?:assistant|helper|answer\w*|thing)"
    # "heyyy u a real person or AI lol", "who made u", "with whom i am talking".
    r"|^(?:\w+ )?(?:u|you|ya) (?:a |an )?(?:real|human|person|bot|robot|ai)"
    r"|who (?:made|built|programmed|created|designed|wrote) (?:you|u|this (?:bot|chat|chatbot"
    r"|app|thing))\b"
    r"|(?:with )?whom (?:am i|i am|im) (?:talking|speaking|chatting)"
    # "who am i actually talking to here, a person or a computer?".
    r"|who am i (?:actually |really |even )?(?:talking|talkin|speaking|chatting|texting)"
    r" (?:to|with)"
    r"|is this the (?:\w+ )?chat thing\b"
    r"|(?:a )?(?:real )?(?:person|human) or (?:a |an )?(?:computer|bot|robot|machine|ai)"
    # "is it a real person or automated?", "... or is it a robot", "is this the chat of physio".
    r"|is (?:it|this) (?:a )?(?:real person|human|person|robot|bot|ai)(?= or\b|$| lol| haha)"
    r"|\bor (?:is (?:it|this) )?(?:a |an )?(?:robot|bot|ai|human|real person|automated)$"
    r"|is this the (?:chat|number|line) (?:of|for) (?:the |your )?(?:\w+ ){0,2}(?:clinic|physio\w*"
    r"|practice)"
    r"|is this (?:the )?(?:correct|right) (?:chat|number|place|line)(?: for (?:the |your )?"
    r"(?:\w+ ){0,3}(?:clinic|physio\w*|practice))?$"
    r"|(?:do|dont) (?:you|u) (?:ever )?sleep"
    r"|what(?:s| is)? your name|who (?:are you|am i talking to|is this|is speaking|is talking"
    r"|am i speaking (?:to|with))|^who this$|\bwho (?:dis|dat|this be)\b"
    # "with who i am speaking?", "to who am i speaking".
    r"|(?:with|to) who (?:am i|i am|im) (?:talking|speaking|chatting|writing)"
    r"|(?:is |are )?(?:any ?one|anybody|somebody|someone|you|u) (?:there|here|around|reading"
    r" (?:this|these))(?: lol| haha| x+)?$)\b"
)
# A question about anything else ("thanks, and how long will it last?") is no small talk.
_ASKS = re.compile(
    r"\?|^(?:what|how|why|when|where|which|can|could|should|is|are|do|does|will|would)\b"
    # "i wanted to say how much i appreciate you" tells; it does not ask.
    # "thinking about how much better i've been" tells too.
    r"|\b(?<!say )(?<!tell you )(?<!tell )(?<!about )(?<!know )(?<!remember )(?<!believe )"
    r"(?<!see )(?:how (?:long|many|much|often|do|does|soon)"
    r"|what (?:should|do|does|if|about)"
    r"|can i|should i|is it|is that|do i|will it|will i)\b"
    # Asked for someone else: "she wants to know if it helps", "a member asked whether ...",
    # "could you tell him what he'll feel".
    r"|\b(?:wants?|wanted|would like|d like|needs?) to (?:know|find out)\b"
    r"|\b(?:he|she|they|hes|shes|patient|member|client|resident|customer)(?: is| was)?"
    r" (?:asking|asks|asked|wondering|wonders|wondered) (?:\w+ )?(?:if|whether|how|what|when"
    r"|why|where|which)\b"
    r"|\b(?:can|could) (?:you|u) (?:tell|let) (?:him|her|them|us|me)\b"
)
_MAX_STATEMENT_WORDS = 90
# Questions that only check the line: "is this thing on?", "can you hear me?".
_COURTESY_QUESTION = re.compile(
    r"\b(?:is (?:this|it)(?: thing)? (?:on|working)|can (?:you|u) (?:hear|see|read) (?:me|this)"
    r"|(?:are|r) (?:you|u) there|anyone there|does this work"
    # "had a nice weekend by the way?".
    r"|is this how (?:it|this)(?: thing)? works|(?:so )?(?:i|we) just (?:type|write|text|message)"
    r"(?: \w+){0,4}"
    r"|(?:had|have|having) a (?:nice|good|lovely|great) (?:weekend|day|week|holiday|break)"
    r"(?: by the way| btw)?)\b ?\??"
)
# A message that says it asks nothing: "no questions, nothing wrong, just wanted to say thanks".
_NO_QUESTION = re.compile(
    r"\b(?:no (?:more )?(?:questions?|medical questions?|question really|real question)"
    r"|(?:dont|do not) (?:actually |really )?have (?:a|any) (?:more )?(?:questions?|medical"
    r" questions?)|(?:(?:got|have) )?nothing (?:medical )?to ask|nothing (?:wrong|medical)"
    r"|no need to (?:reply|respond|answer)|(?:dont|do not) need (?:anything|a reply)"
    r"|not (?:actually |really )?(?:writing|messaging|texting) (?:about|for) anything"
    r"|(?:thats|that is) all(?: really)?$"
    r"|(?:thats|that s|that is|its|this is) not a question)\b"
)
_MAX_TOLD_WORDS = 200
# A question of up to three words, asked in passing: "coincidence?", "lemon drizzle okay?". Only
# read so in a message that says it asks nothing; one that asks in words ("can i drive?") still
# asks (the sentences are read word by word as well).
_RHETORICAL = re.compile(r"(?:^|(?<=[,.!?;:]\s))(?:\w+\s){0,2}\w+\?(?=\s|$)")
_OPENS_WITH_HELLO = re.compile(
    r"^(?:\w+ ){0,2}?(?:hi+|hello+|hey+|hiya|good (?:morning|afternoon|evening)|morning"
    r"|greetings)\b|\bhello\b"
)
# "hi is this the clinic chat thing or am i talking to a computer question mark".
_MAX_WHO_WORDS = 18
# Words about how the body feels: such a message is news for the articles or triage, not chat.
_SYMPTOM = re.compile(
    r"\b(?:pain\w*|sore\w*|hurt\w*|ach\w*|worse|killing(?! it)|swell\w*|bleed\w*|numb(?!er)\w*"
    r"|dizz\w*"
    r"|faint\w*|breath\w*|fever\w*|red|hot|tingl\w*|weak\w*|bruis\w*|stiff\w*|tight\w*)\b"
)
# Distress, however politely put ("thank you for being nice to me ... not sure i'll be doing
# them"): never answered as small talk, whatever the triage made of it.
_DISTRESS = re.compile(
    r"\b(?:cant (?:sleep|cope|go on|do this)|nothing (?:sticks|helps|works)"
    r"|hopeless(?! (?:with|at|on|about|when it comes to) )|pointless"
    r"|no point|give up|giving up|tired of|struggling|(?<!leave you )(?<!leave me )alone|letters"
    r"|peace with|not sure (?:ill|i will|i ll) be"
    # "won't be around", not "it won't be quick".
    r"|wont be (?:here|around|alive|needing|coming back|back|able to go on|a problem for)"
    r"|dont see|depress\w*"
    # Not "say goodbye as we're moving to texas next month".
    r"|say(?:ing)? goodbye(?! (?:as|because|since|before|cos|cause) (?:we|were|we re|i|im|i m"
    r"|she|he|they)(?: \w+){0,2} (?:moving|relocating|leaving|emigrating|going back)))\b"
)
_SEASONAL = re.compile(r"\b(?:happy (?:new year|christmas|easter|holidays)|merry christmas)\b")
# Words that may stand around small talk without making it a question.
_FILLER = (
    r"(?:luv|love|hun|hon|pet|dear|darling|x+|to you(?: all)?|legends?|ji|haha+|lol|nm"
    r"|to (?:all )?(?:the )?(?:staff|team|everyone|every one|you all)|"
    r"so|very|really|soo+|much|a lot|lots|again|for (?:that|this|the (?:info|information|help"
    r"|advice|answer|reply|session|appointment)|your help|everything|earlier|today|yesterday"
    # "asante sana for the good treatment".
    r"|(?:the |your )?(?:good |kind |great |lovely |excellent )(?:treatment|care|help|session"
    r"|service)"
    r"|tonight)|you|u|doc|doctor|mate|friend|bot|guys|all|then"
    r"|and|just|jus|ok|oh|ah|well|that's|thats|it|is|was|its|v|fr|tbh|ngl|today|too"
    # "dzien dobry! sorry, i mean good morning".
    r"|sorry i mean|i mean"
    # "ta v much, ur all legends".
    r"|(?:ur|youre|you re|you are) all)"
)
_ALL = "|".join(f"(?:{p})" for phrases in _PHRASES.values() for p in phrases)
_WHOLE = re.compile(rf"^(?:(?:{_ALL}|{_FILLER})\s*)+$")
_KIND = {kind: re.compile(rf"\b(?:{'|'.join(p)})\b") for kind, p in _PHRASES.items()}
# Thanks and goodbye say more than a greeting or an "ok" when they come together.
_PRECEDENCE = (SmallTalk.THANKS, SmallTalk.GOODBYE, SmallTalk.GREETING, SmallTalk.OK)
_MAX_WORDS = 8
_MAX_COURTESY_WORDS = 24
_COURTESY = re.compile(rf"^(?:(?:{_ALL}|{_FILLER}|{_HOW_ARE_YOU})\s*)+$")
_ASKS_HOW_ARE_YOU = re.compile(rf"\b(?:{_HOW_ARE_YOU})\b")
# A reply of friendly emoji alone ("👍", "🙏🙏") is an acknowledgement or thanks.
_FRIENDLY = {
    "👍": SmallTalk.OK,
    "👌": SmallTalk.OK,
    "🙂": SmallTalk.OK,
    "😊": SmallTalk.OK,
    "🙏": SmallTalk.THANKS,
    "❤": SmallTalk.THANKS,
    "👋": SmallTalk.GREETING,
}


def small_talk(text: str) -> SmallTalk | None:
    """Which kind of small talk the whole message is, or None if it says anything more."""
    folded = fold(text)
    words = folded.split()
    if not words:
        marks = [c for c in text if not c.isspace() and c not in "\ufe0f!."]
        kinds = {_FRIENDLY.get(c) for c in marks}
        return kinds.pop() if marks and len(kinds) == 1 and None not in kinds else None
    if _WHO.search(folded) and len(words) <= _MAX_WHO_WORDS and not _SYMPTOM.search(folded):
        return SmallTalk.WHO
    courtesy = "?" not in text or _ASKS_HOW_ARE_YOU.search(folded)
    if len(words) <= _MAX_COURTESY_WORDS and courtesy and _COURTESY.match(folded):
        # Only courtesies, however many: "hello, i am new here. nice to meet you."
        return _kind_of(folded) or SmallTalk.GREETING
    if len(words) > _MAX_WORDS or ("?" in text and len(words) > 2):
        return _statement(text, folded, words)
    if not _WHOLE.match(folded):
        return _statement(text, folded, words)
    return _kind_of(folded)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_MAX_WHO_STORY_WORDS = 160


def _only_asks_who(text: str, folded: str, words: list[str]) -> bool:
    """Every question in ``text`` asks who is answering, and the rest tells no symptom or
    distress."""
    if len(words) > _MAX_WHO_STORY_WORDS or _SYMPTOM.search(folded) or _DISTRESS.search(folded):
        return False
    who = False
    for sentence in _SENTENCE_END.split(text):
        part = fold(sentence)
        if not part:
            continue
        if _WHO.search(part):
            who = True
            continue
        if _WHOLE.match(part):
            continue  # "hello?"
        asks = "?" in sentence or _ASKS.search(_COURTESY_QUESTION.sub(" ", part))
        if asks and not _COURTESY_QUESTION.search(part):
            return False
    return who


def _kind_of(folded: str) -> SmallTalk | None:
    """The kind of small talk a message of courtesies is, by :data:`_PRECEDENCE`."""
    for kind in _PRECEDENCE:
        if _KIND[kind].search(folded):
            return kind
    return None


def _statement(text: str, folded: str, words: list[str]) -> SmallTalk | None:
    """Longer messages that still ask nothing: thanks with news, or a greeting to try the bot.
    A message that says outright it asks nothing ("no questions, nothing wrong, just wanted to
    say thanks") may be longer and may tell of the pain it came with. A longer message whose
    only questions are who is answering ("is this a real person? are you a robot? ... the
    weather's lovely here") is a question about the bot."""
    if _only_asks_who(text, folded, words):
        return SmallTalk.WHO
    says_so = bool(_NO_QUESTION.search(folded))
    asked = _COURTESY_QUESTION.sub(" ", text.lower())
    if says_so:
        # "my pb went up too, coincidence? maybe. ... no question today": an aside, not a
        # question, in a message that says it asks none.
        asked = _RHETORICAL.sub(" ", asked)
    # Folded sentence by sentence, so "... my family do. I don't need anything" asks nothing.
    sentences = " . ".join(fold(sentence) for sentence in _SENTENCE_END.split(text))
    if _ASKS.search(asked) or _ASKS.search(_COURTESY_QUESTION.sub(" ", sentences)):
        return None
    if len(words) > (_MAX_TOLD_WORDS if says_so else _MAX_STATEMENT_WORDS):
        return None
    if says_so and not _DISTRESS.search(folded):
        if _GRATITUDE.search(folded):
            return SmallTalk.THANKS
        # "hello, i'm margaret ... i don't have a question yet": a hello; news with no
        # question ("update from the sofa ... no questions really"): noted.
        return SmallTalk.GREETING if _OPENS_WITH_HELLO.search(folded) else SmallTalk.OK
    if _SEASONAL.search(folded):
        return SmallTalk.OK
    if _DISTRESS.search(folded):
        return None
    if _GRATITUDE.search(folded) and not _SYMPTOM.search(folded):
        return SmallTalk.THANKS
    if (_GREETING_ONLY.search(folded) or _TESTING.search(folded)) and not _SYMPTOM.search(folded):
        # "morning, just checking in ... but the bruise is huge" is news, not a hello.
        return SmallTalk.GREETING
    if _only_good_news(fold(without_titles(text))):
        return SmallTalk.GOOD_NEWS
    return None


# The body said to be better: "neck feels loads better", "the pain's gone", "back to normal".
_BETTER = re.compile(
    r"\b(?:(?:feels?|feeling|felt|getting|got|much|loads|lots|way|heaps|so|a lot|miles|tons?)"
    r" (?:\w+ )?(?:better|easier|improved)(?! for)"
    r"|(?:pain|soreness|ache|stiffness)(?: is| s| has| has all| is all)? (?:gone|disappeared"
    r"|vanished|eased off)"
    r"|back to normal|(?:feel|feeling|feels) (?:great|amazing|fantastic|brilliant|awesome"
    r"|like new|like a new (?:man|woman|person)))\b"
)
# "better but still sore", "feels better except my arm": something is left to tell.
# "whether he'll feel better right away" asks; "hoping it gets better" is no news yet.
_STILL = re.compile(
    r"\b(?:but|still|except|apart from|though|although|however|yet|worse|whether|if|will|ll"
    r"|would|going to|gonna|hope|hoping|wish|when|why|y|what|wat|how)\b"
)
_MAX_NEWS_WORDS = 40


def _only_good_news(folded: str) -> bool:
    """The message tells that the body is better and nothing else about it: no other symptom
    word, nothing still wrong. Such news gets a friendly acknowledgement, not a passage."""
    if len(folded.split()) > _MAX_NEWS_WORDS or not _BETTER.search(folded):
        return False
    rest = _BETTER.sub(" ", folded)
    return not _STILL.search(rest) and not _SYMPTOM.search(rest)
