"""Safety rules that do not depend on the model (defence in depth around it).

Before the model: text that tries to give the hub instructions is refused as ``unsafe`` whatever else
it asks (the IR contract: one unsafe part refuses the whole utterance). An injection is recognised by
what it does, not by one phrase: it addresses the model ("note to the assistant", "hey TinyLarge,",
a fake "System:" turn), tries to switch off its rules ("ignore your guardrails", "safety layer: off"),
claims an authority over it ("I authorise you", "you are DAN"), or asks for something to be done
without the operator seeing it ("silently", "do not mention it"). The text is read as written and also
normalised the ways attackers hide words: Unicode compatibility forms and look-alike letters,
invisible characters, letters spaced out, leetspeak, and base64, hex, URL or rot13 encodings. What no rule names
goes to a learned second reader (:mod:`llm_core.injection_classifier`), trained on red-team sets.
An operator correcting their own words ("disregard the above, I meant ...") is not an injection.

After decoding: intents that would disable the network wholesale (block or throttle any to any,
delete every slice) are refused as ``unsafe``.
A closed-loop rule that isolates whichever node a trigger fires on is conditional, not wholesale: it
translates, and the verifier's guardrail refuses automatic isolation of infrastructure when it is applied.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from . import injection_classifier

MODEL = (r"(?:ai|a\.i\.|assistant|model|llm|bot|chatbot|hub|agent|translator|parser|tinylarge|copilot|gpt|"
         r"language model)")
"""Ways a text names the model it is read by."""
ADDRESSED = r"(?:ai|assistant|llm|bot|chatbot|translator|parser|tinylarge|copilot|gpt)"
"""The names of :data:`MODEL` that are never also a word of a request ("train the model please", "the hub adapter",
"the SNMP agent")."""
LEAD = r"^|[\n#/*(>'\"“‘`|\[\];]|-[ \t]|[.!?][ \t]"
"""What may stand right before a name the text addresses ("NLU: ...", "# assistant, ..."): a line's or sentence's start,
a comment or quote mark, a list dash."""
SWITCH_OFF = (r"(?:ignore|disregard|forget|override|bypass|skip|disable|turn off|switch off|deactivate|drop|supersede[sd]?|"
              r"nullif(?:y|ies)|void|rescind|revoke|discard|abandon|waive|suspend|reset)")
RULES = (r"(?:(?:all |any |the |your |its |previous |prior |earlier |above |old |former |original |system |these |those |"
         r"every )*(?:instructions?|guidelines|guidance|guard[- ]?rails?|safety(?: \w+)?|refusals?|refusal rules|verification|"
         r"verifier|prompts?|ir contract|directives|programming|unsafe (?:checks?|rules?|filters?)|"
         r"approval (?:step|mode|process|gate|checks?))|"
         r"(?:your|its|the model's|all (?:previous|prior)|previous|prior|earlier|original|former|system|safety) "
         r"(?:rules|filters?|restrictions|checks|limitations|constraints)|"
         r"the operator|(?<!translate )(?<!apply )(?<!implement )the above|the previous (?:line|message)|"
         r"everything (?:you were|you.ve been|i) told|what you were told|"
         r"(?:the |your )(?:guard|unsafe filter)\b)")
"""What an injection tries to switch off (the operator's own earlier words are :data:`OWN_WORDS`)."""
OWN_WORDS = re.compile(r"\b(?:ignore|disregard|forget|scratch|cancel|override)\b[^.;!?\n]{0,25}\b(?:the above|my \w+ "
                       r"(?:instructions?|messages?|requests?|lines?)|the previous (?:line|message|request)|what i said|"
                       r"that (?:instruction|request|line)|my previous instruction)", re.I)
RETRACTED = re.compile(r"(?:\b(?:scratch|cancel|forget|drop) (?:that|this|my) (?:last |previous |earlier )?(?:one|request|line|"
                       r"message|ask)?|\bnever ?mind)\W*$", re.I)
"""The operator taking back their own last request, right before a new one."""
CORRECTION = re.compile(r"\b(?:i meant|i mean|meant to say|actually|instead|correction|typo|wrong|should (?:now )?(?:be|cover)|"
                        r"make it|scratch that)\b", re.I)

FOREIGN_IGNORE = (r"(?:\bignor\w*|vergiss\w* alles\b|не обращай внимания|不要理会|别理会|olvid\w*|oubli\w*|vergiss\w*|"
                  r"esque[cç]\w*|dimentic\w*|negeer\w*|vergeet|игнорир\w*|забудь\w*|"
                  r"忽略|无视|無視|تجاهل|अनदेखा|yok say|zignoruj\w*|pomiń|nie zważaj)")
FOREIGN_RULES = (r"(?:instruc\w*|istruzion\w*|anweisung\w*|инструкц\w*|指令|指示|تعليمات|निर्देश|regras|règles|regeln|reglas|"
                 r"regole|правил\w*|规则|ルール|sicherheitsregeln|talimat\w*|richtlijnen|consignes|polece\w*|zasad\w*|"
                 r"zabezpiecze\w*|указани\w*|要求)")
FOREIGN_OFF = (r"(?:desativ\w*|desactiv\w*|deaktivier\w*|désactiv\w*|disattiv\w*|отключ\w*|禁用|無効|salta\w*|pula\w*|"
               r"überspring\w*|saute\w*|пропусти\w*|跳过)[^.?!\n。]{0,30}(?:verifica\w*|vérification|überprüfung|prüfung|"
               r"проверк\w*|验证|検証|sicherheitsprüfung|contrôle de sécurité|control de seguridad)")
"""Switching the verification off, in other languages (the rules of a firewall are the operator's to switch off)."""
VERB_LAST_RULES = r"(?:指令|指示|تعليمات|निर्देश|talimat\w*|要求|ルール|規則|规则|kural\w*|नियम\w*)"
VERB_LAST_IGNORE = r"(?:忽略|无视|無視|不要理会|気にせず|تجاهل|अनदेखा|yok say|unut\w*)"
""""Ignore" and "instructions" in the languages an attacker most often switches to; in Japanese, Hindi or Turkish the
verb comes last (以前の指示は無視して); Korean (이전 지시를 무시하고) has a rule of its own."""

_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (
    # switching its rules off, in either order ("ignore your guardrails", "safety layer: off")
    rf"\b{SWITCH_OFF}\b[^.?!]{{0,80}}\b{RULES}(?!\s+(?:on|for|of|at|to|from|between|about)\b)",
    rf"\bpay no (?:attention|heed|mind) to\b[^.?!]{{0,30}}\b{RULES}",
    r"\b(?:safety|guard[- ]?rails?|guard|refusals?|verification)(?: \w+)?\s*(?::|is|are|=|has been|have been|was|were)?\s*"
    r"(?:off|disabled|deprecated|suspended|removed|lifted|false|0)\b(?![- ](?:by|on|for|duty)\b)",
    r"\b(?:your|its) (?:guidelines|rules|instructions|policy|policies) (?:were|have been|are|got) "
    r"(?:updated|changed|replaced|lifted)",
    r"\b(?:whoever|anyone|anything|whatever(?: automation| system| tool| bot| script)?|(?:the|any|all) (?:ai|model|system|"
    r"program|parser|translator|automation|automated (?:systems?|tools?|readers?)|bots?|scripts?)) (?:that |who |which )?"
    r"(?:parses|reads|processes|converts|translates|handles|turns|maps|compiles) this\b",
    r"\b(?:is|are) expected to (?:also )?(?:emit|output|produce|add|include)\b|\bappend (?:this|the following)\b[^.?!]{0,30}"
    r"\b(?:output|answer|reply|response)|\btranslate (?:this|it) as\b|\brespond (?:only )?with\b|"
    r"\bregardless of what (?:it|this|the text) says\b|\b(?:is|was) (?:just )?a decoy\b|"
    r"\b(?:no longer|don'?t|do not) need to (?:verify|confirm|validate|check(?! with (?:anyone|anybody)[ \t]*(?:[.!;\n]|$)))"
    r"\b(?! with (?:me|us))|"
    r"\bgrant(?:s|ed)? you\b",
    r"\b(?:rules|restrictions|guardrails|safety \w+|checks|limits|guard)\b[^.?!\n]{0,20}\b(?:don'?t|do not|does not|doesn'?t|"
    r"no longer|never) apply|\bnothing (?:here |of this |you do )?is real\b|\bsandbox(?:ed)? simulation\b",
    rf"\b(?:write|tell|compose|imagine) (?:me )?an? (?:\w+ )?(?:story|poem|song|scene|novel|fiction|screenplay)\b"
    rf"[^.?!\n]{{0,60}}\b(?:{ADDRESSED}|exact ir|valid json)\b",
    r"\b(?:deprecated|no longer (?:needed|in force|valid))\b[^.?!\n]{0,30}\b(?:check|rule|guard|safety)",
    # speaking to the model
    rf"\b(?:note|notes|message|memo|hint|reminder|instructions?|directives?|commands?|p\.?s\.?|attn|attention)\s*"
    rf"(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:[\w-]+\s+)?(?:{MODEL}|system)\b"
    r"(?![ -](?:team|owners?|on-?call|folks|people|crew|group|squad|vendor|engineers?)\b)",
    rf"(?:\b(?:hey|hi|hello|dear|attn:?|ok|okay|yo|btw|listen)\s+(?:the\s+)?{MODEL}\b|@{MODEL}\b)(?:\s+reading this)?\s*[:,!-]"
    r"(?!\s*(?:can|could|would) you (?:please )?(?:block|route|show|list|tell|create|set up|add|cap|limit|throttle|give|"
    r"check|raise|lower|deny|allow|permit|reroute)\b)",  # "hey bot, can you block icmp from ...?" asks
    rf"\b{MODEL}[-_ ]?(?:instructions?|commands?|directives?|override|hint|only)\b\s*[:=]?",
    rf"(?:{LEAD}|<!--)[ \t]{{0,8}}{ADDRESSED}[ \t]{{0,4}}(?:\([^)]{{0,40}}\))?[ \t]{{0,4}}"
    r"(?::|\s-\s|,(?!\s*(?:please\s+)?(?:show|list|what|which|how|where|when|why|is|are|does|do|can you|could you|tell me|"
    r"give me|display)\b))",
    rf"(?:[\"'“]|\[\^?\w{{1,3}}\]:)[ \t]{{0,4}}{ADDRESSED}(?:[ \t]+(?:agent|assistant|model|system))?[ \t]*:"
    r"(?![ \t]*[\w-]+(?:[ \t]+[\w-]+){0,3}[ \t]*['\"”])",  # not a quoted label ("'AI: crowd analytics'")
    rf"(?:{LEAD})[ \t]{{0,8}}(?:nlu|intent[- ]?engine|automated (?:handler|reader|processor|systems?|tools?|"
    r"pipelines?|agents?))[ \t]*:",
    rf"\b{ADDRESSED}\s*[:,]\s*(?:before|after|also|once|then|next|afterwards|later|finally|additionally|meanwhile|add|append|"
    r"when|whenever|from now|ignore|please|do|don't|always|never|stop|"
    r"instead|delete|remove|block|isolate|set|put|run|drop|treat|skip|leave|make|use|include|insert|write|answer|respond|"
    r"reply|output|return|emit|print|forget|disregard|change|convert|turn|flip|rewrite|swap|replace|modify)\b",
    rf"\b(?:the )?{ADDRESSED} (?:no longer|now (?:must|may|can|will|should)|must now|is (?:now )?(?:allowed|permitted|required|"
    r"authori[sz]ed|expected) to|(?:must|should|shall|will) (?:no longer|always|never|now|also|stop))\b|"
    r"\byou (?:are|have been|were|will be) (?:now )?(?:\w+ )?(?:required|granted|allowed|permitted|authori[sz]ed|cleared|"
    r"obliged|instructed|ordered|expected|entitled)\b|\b(?:bind|binds|binding on|outranks?|outranking) (?:you|your)\b",
    r"\b(?:previous|prior|earlier|above|original|operator'?s?|your) (?:\w+ ){0,2}?(?:directions|orders|instructions|"
    r"constraints|directives)\b[^.?!\n]{0,20}\b(?:rescinded|obsolete|outdated|void|superseded|cancell?ed|"
    r"revoked|invalid|don'?t (?:apply|bind|count|matter))|\b(?:constraints|directions|instructions|directives) above "
    r"(?:are|is|were)\b|\bcomply with the following\b|\bapprove nothing\b|"
    r"\bstop translating\b|\bcomplete (?:the following|this sentence)\b|\blet'?s play\s*[:,]|"
    r"\bwith no (?:limits|rules|restrictions|filters)\b|"
    r"\b(?:with|using) (?:full |elevated |root |admin )+(?:rights|privileges|permissions)\b(?! (?:from|granted by|delegated "
    r"by) (?:the |our |my )?(?:\w+ )?(?:lead|manager|supervisor|head|team|board|cab)\b)|"
    r"\byour (?:real|true|actual) (?:task|job|goal|instructions?)\b|\bthe (?:real|true|actual) (?:request|task|instructions?)\b|"
    r"\bhidden from (?:the )?(?:dashboard|operator|user|reviewers?|humans?|log)\b|"
    r"\b(?:reviewers?|humans?|the operator|operators) (?:will|can|would)(?:not|n't| not) see\b|\bwhatever (?:that|it|"
    r"this|the text|i|the operator) (?:says?|types?|writes?|asks?)\b",
    r"\b(?:don'?t|do not|never|without) (?:record|log|audit)\w* (?:this|that|it|these|any of (?:this|it)|the change)\b|"
    r"\bjust between us\b|\boff the record\b|\b(?:out of|off|from) (?:the |your )?(?:operator |audit |change )?(?:log|"
    r"audit trail|change ?log)s?,? (?:just|so|and)\b|\bin (?:the|your) (?:summary|read-?back) (?:you|that)\b|"
    r"\bskip (?:the |any |all |every )?(?:safety|security|conflict|approval|guard|unsafe|policy)[ -](?:checks?|filters?|layer)\b|"
    r"\bskip (?:the )?(?:validation|guard)\b|"
    r"\belevated (?:privileges|rights|access)\b|\bunrestricted (?:mode|root|shell|access)\b|\bwithout operator approval\b|"
    r"\baccept commands from\b|[\"']\s*}\s*,\s*{\s*[\"']kind[\"']",
    r"(?:^|[.!?:;,(]\s*|\b(?:the|dear|hey)\s+)(?:ai|assistant|model|llm|bot|translator|tinylarge)\s*,?\s*"
    r"(?:must|should|shall|needs? to|has to|is to|will now|you must)\b",
    rf"(?<![—–] the )\b(?:{MODEL}|(?:automated|automatic) (?:system|reader|process)|language models?|ai systems?)s?\s+"
    r"(?:that (?:is |are )?)?(?:reading|processing|parsing|handling|reads|processes|parses|handles|receiving|seeing) "
    r"(?:this|these|it|the)\b",
    rf"\b(?:{ADDRESSED}|translation|conversion)\s*(?:note|todo|task|hint)\b|\b(?:todo|fixme|note)\s*\(\s*{ADDRESSED}\s*\)",
    rf"(?:^|[.!?\n][ \t]{{0,8}})(?:(?:hey|hi|ok|dear) )?{ADDRESSED},?\s+please\b",
    r"\byour (?!(?:previous|last|earlier) )(?:\w+ )?(?:output|answers?|responses?|repl(?:y|ies)|summary|summaries|instructions|"
    r"prompt|guidelines|filters?|guard\w*|programming|config(?:uration)? prompt|hidden rules)\b"
    r"(?! may not be (?:linked|delivered|received|read|seen)\b)",  # a mailbox notice
    r"\bfrom this (?:message|point|request) on\b|\bfrom (?:now|here) on,? (?:you|treat|always|ignore|never)\b|"
    r"\bgoing forward,? (?:you|treat (?:every|all|any))\b",
    r"\btreat (?:\S+ ){0,6}?as (?:(?:pre-?)?approved|a synonym|implicit)\b|\bpre-?approved\b"
    r"[^.?!\n]{0,40}\b(?:skip|without|no need|don'?t|never)\b|\bapprovals? (?:\S+ ){0,4}?(?:are|is) implicit\b|"
    r"\b(?:skip|bypass) (?:the |any )?(?:confirmation|approval (?:step|gate|check))\b",
    r"\b(?:instructions|prompt|rules|guidelines|what (?:they|you) (?:said|were told))\b[^.?!\n]{0,60}"
    r"\b(?:verbatim|word for word)\b|\b(?:print|repeat|reveal|disclose|dump|recite|leak)\b[^.?!\n]{0,20}\b(?:your|the "
    r"(?:system|hidden|initial|original))\b[^.?!\n]{0,20}\b(?:instructions|prompt|guidelines|rules)\b|"
    r"\binstructions (?:you were|you've been) given\b",
    r"\b(?:reset|clear|wipe) (?:your |the )?(?:context|memory|conversation)(?=\s*(?:[.:;!]|$))|"
    r"\b(?:constraints|rules|restrictions|guidelines)\s*:\s*(?:void|null)\b|"
    r"\b(?:rules|guidelines|instructions|constraints|restrictions) were (?:only |just )?a test\b",
    r"\bnothing you (?:emit|output|produce|say|write|do)\b|\bfor realism\b|\bact as my\b|"
    r"\byou(?:'re| are) (?:now )?(?:a|an|my|the) [\w-]+ (?:[\w-]+ ){0,2}(?:ai|model|llm|bot)\b",
    r"\b(?:keep|leave) (?:it|this|that|them|these) (?:\w+ )?(?:out of|off) the (?:change ?log|audit|log)|"
    r"\b(?:hid(?:e|es|ing)|conceal\w*|omit\w*|scrub\w*|keep\w*) (?:it|this|that|them|these|(?:the |my |your |this |these )?"
    r"(?:changes?|actions?|edits?))\b[^.?!\n]{0,20}\b(?:from|out of|off) (?:the |your )?"
    r"(?:audit(?: trail| log)?|change ?log|log)s?\b|"
    r"\b(?:nobody|no one|no-one) (?:can|will|would|should|may) (?:see|notice|find) (?:it|this|that|them|the changes?)\b"
    r"[^.?!\n]{0,20}\b(?:log|audit|trail|record)|\b(?:emit|apply|make|push|commit|do)\w* (?:\S+ ){0,3}?without "
    r"(?:logging|recording|auditing) (?:it|them|this|these|the changes?)\b",
    r"\b(?:enable|enter|activate|switch(?:ed)? (?:to|into)|you(?:'re| are)(?: now)? in|now in|turn on) (?:the )?"
    r"(?:system|assistant|developer|admin|root|god|jailbreak|unrestricted|dan) mode\b|"
    r"\b(?:system|assistant|developer|admin|root|god|jailbreak|unrestricted|dan) mode\s*(?::|=|is on|enabled|activated)|"
    r"(?<!login )(?<!boot )(?<!shell )(?<!command )\b(?:system|assistant|developer|admin|root|god|jailbreak|unrestricted|dan) "
    r"(?:override|prompt)\b",
    rf"\b{ADDRESSED}[\s,:]+(?:please\s+)?(?:isolate|delete|remove|block|drop|disable|reroute|add|create|apply|grant|open|ignore|"
    r"skip|approve|treat)\b",
    r"\bnew (?:system )?(?:instructions?|prompt)\s*[:.-]",
    # words hidden from a reader that scans for them in negative circled and squared letters
    r"[\U0001F150-\U0001F189]{2,}(?:\s+[\U0001F150-\U0001F189]+){2,}",
    r"\b(?:from now on|starting now|henceforth)\b,?\s*(?:you (?:are|will|must|only|should|obey)|(?:translate|answer|obey|respond|"
    r"output)\b)",
    # claims that the rules do not bind, personas kept up, the model's own defaults restored
    r"\b(?:are|is) exempt(?:ed)? from (?:the |any |all )?(?:unsafe|safety|refusals?|rules|checks|verification|guard\w*)\b|"
    r"\bno refusal (?:list|rules?|policy)\b|\b(?:restore|reset|revert|reboot|return) yourself\b|"
    r"\byour (?:earlier|previous|prior|original|initial) (?:guidance|instructions|rules|guidelines|prompt)\b|"
    r"\b(?:guidance|instructions|rules|guidelines) (?:was|were) (?:only |just |merely )?(?:a )?drafts?\b|"
    r"\bstay in character\b|\byour (?:\S+ ){0,4}?persona\b|\b(?:improvis\w*|invent(?!or)\w*)\b(?=\s*(?:[.!]|$))|"
    r"\badds? whatever (?:\w+ )?(?:policies|intents|rules|slices)\b|"
    r"\b(?:channel|adopt|assume|play) the (?:character|persona|role) of\b|"
    r"\brole-?play(?:ing)? (?:exercise|game|scenario|session)\b|"
    r"\b(?:json|ir|intents?|output) (?:you'?d|you would|you will) (?:emit|produce|output|generate|write)\b|"
    rf"\btell (?:the|your|our) (?:[\w-]+ )?(?:thing|robot|pipeline|automation|intent[- ]?engine|{ADDRESSED})\s+(?:to|that)\b|"
    rf"\b(?:to|for) (?:the )?{ADDRESSED}\s*[:：]|\b(?:next |pending )?(?:actions?|tasks?|steps?|commands?) (?:for|to) "
    rf"(?:the )?{MODEL}\b",
    r"(?:^|\n|-{3}[ \t]*|\[)[ \t]*tool (?:result|output|response|call)s?\s*(?:\([^)]{0,40}\))?\s*[:\]]",
    r"\[\]\(#[^)]{12,}\)",  # an empty markdown link: shown as nothing, read by a model
    # fake turns and chat templates
    r"<\|?(?:im_start|im_end|endoftext)\|?>|<\|system\|>|<\|[a-z_]+\|>|<<\s*sys\s*>>|\[/?inst\]|\[(?:user|assistant|system)\]|"
    r"[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer|tool)[\"']",
    r"<\s*(?:system|assistant|user|ticket|instructions?)\s*>(?!(?:<\w+>)?[\w.-]{1,40}</)|(?<![\w.>-])</\s*(?:system|assistant|user|"
    r"ticket|instructions?)\s*>",  # not a field of a pasted record: "<system>metro6g</system>"
    r"(?:^|\n|\s)#{1,4}\s*(?:system|assistant|response|instruction|user)\b\s*:?",
    r"(?:^|[\n.!?][ \t]{0,8}|\s/\s|(?<!-)-{3}[ \t\n]{0,8})(?:system|assistant|ai|sistema|assistente|asistente|système)"
    r"(?: notice| message)?\s*"
    r"(?:\([^)]*\))?\s*:[^\n]{0,120}\b(?:ignore|disregard|override|mode|prompt|instructions?|verified|safety|disabled|suspended|"
    r"you|done|confirmed|sure|applying|deleting|okay|ok|off|guard|skip (?:the )?(?:approval|review|checks?))\b",
    r"\b(?:user|human|operator)\s*(?:\([^)]*\))?\s*:[^\n]{0,200}\b(?:assistant|ai|bot)\s*:",
    r"\b(?:(?:above|prior|previous|earlier|original|your|system|initial|preceding) (?:\w+ )?(?:constraints|instructions|"
    r"directives|guidelines|guardrails|programming|prompt)|your (?:\w+ )?configuration)\b[^.?!\n]{0,25}\b(?:superseded|"
    r"obsolete|void|null|revoked|rescinded|suspended|waived|lifted|cancell?ed|no longer (?:valid|apply|in force))\b|"
    r"\b(?:start|begin)\w* (?:over |again |afresh )?(?:with|from) a (?:blank|clean) slate\b|"
    r"\b(?:ignore|disregard|forget)\s+(?:all|any|the|every)\s+(?:\w+\s+)?(?:rules|limits)\b",
    r"<(?:start|end)_of_turn>|<bos>|<eos>|</?s>|###\s*(?:instruction|response|input)\b|"
    r"</?\s*(?:tool|function)(?:[_ ]?(?:results?|calls?|outputs?))?\b[^>]{0,80}>",
    r"\b[a-z]\s*=\s*['\"][a-z ]{1,30}['\"]\s*[,;]?\s*[a-z]\s*=\s*['\"][a-z ]{1,30}['\"]|\bdo [a-z]\s*\+\s*[a-z]\b|"
    r"\bconcatenat\w* (?:the |these )?(?:strings|parts|variables|letters|pieces)\b",
    r"\bimagine (?:that )?you (?:had|were|could|have) (?:no|an? unrestricted|unlimited)\b|\bhypothetical(?:ly)?\b[^.?!\n]{0,40}"
    r"\b(?:you (?:had|were|could|didn't)|no rules|unrestricted)\b|\bin a (?:story|novel|game|fiction)\b",
    # personas and authority over the model
    r"\byou are now\b(?! able\b)|\bpretend (?:that )?(?:you are|to be|you're)\b|"
    r"\bact as (?:the |an? )?(?:admin|root|system|unrestricted|"
    r"unfiltered|jailbroken)\b|\b(?:let'?s|we) (?:play a game|role-?play)\b|\byou are (?:dan|\w+bot)\b|\bnever refuses?\b|"
    rf"\bdo-anything\b|\bcan do anything\b|\b{MODEL} (?:with|that has) (?:no|without) (?:restrictions|filters|limits|rules)\b|"
    r"\bno safety filters?\b|\bcontent policy\b|\bjailbr(?:eak|oken)\b|\byou(?:'re| are) now (?:a |an |the )?[\w-]+,|"
    r"\b(?:never|don'?t|do not) break character\b",
    # orders spread over the text: the first letters of its lines, or every later text
    r"\b(?:first|initial) letters? of (?:each|every|the|all) (?:lines?|words?|sentences?|rows?)\b|\bacrostic\b|"
    r"pierwsz\w* (?:liter\w*|znak\w*)|anfangsbuchstaben|primeras letras|premières lettres|prime lettere|первы\w* букв\w*|"
    r"\b(?:every|each|any) (?:\w+ )?(?:request|text|message|thing) (?:it|you) translates?\b|\beverything (?:it|you) "
    rf"translates?\b|\btell\w* (?:my |the |your |our )?(?:own )?{ADDRESSED}\b(?! (?:team|channel|group|crew|desk|staff|ops|"
    r"vendor|service|folks|people)\b)",
    r"\b(?:i|we)\s+(?:hereby\s+)?(?:authori[sz]e|permit|allow|order|command|instruct)\s+you\b|\byou are (?:hereby )?"
    r"(?:authori[sz]ed|cleared|allowed|permitted|approved) to\b|\bauthority code\b|\boperator is pre-?approved\b",
    r"\b(?:skip|bypass|without|no) (?:the )?(?:verification|verifier|verifying|safety checks?|guardrails?)\b",
    # hidden from the operator
    r"\b(?:silently|quietly|secretly|covertly|discreetly)\s+(?:also\s+)?(?:add|give|insert|append|route|open|grant|delete|remove|"
    r"isolate|apply|push|emit|include|create|block|disable|change|modify|alter|switch|swap|flip|upgrade|set|replace)\b|"
    r"\b(?:do not|don'?t|never) (?:mention|reveal|disclose)\b|"
    r"\b(?:do not|don'?t|never) tell (?:the operator|anyone|them|the user)\b|"
    r"\bwithout (?:telling|informing) (?:the operator|anyone|them)\b|"
    r"\bhide (?:it|this|that) from\b|\b(?:add|give|insert|append|route|open|grant|delete|remove|isolate|apply|push|emit|"
    r"include|create|disable)\b[^.?!\n]{0,40}\b(?:silently|secretly|covertly)\b|不要告诉|别告诉|"
    r"ohne (?:es )?dem operator zu melden|sans (?:le )?(?:dire|prévenir) (?:à )?l'opérateur|"
    r"sin (?:avisar|decir)(?:le)? al operador",
    r"\b(?:execute|run|obey|apply|follow|act on|carry out)\b[^.?!\n]{0,30}\b(?:hex|base64|rot13|encoded|encrypted|obfuscated|"
    r"ciphered|scrambled)[- ]?(?:encoded |decoded )?(?:text|string|payload|request|instructions?|commands?|message|line|blob|"
    r"operator request)\b",
    # encoded orders and orders inside pasted text
    r"\b(?:decode|decrypt|de-?obfuscate|unscramble|rot13|base64|hex|spelled|spelt|nato|"
    r"morse)\b[^.?!\n]{0,60}\b(?:execute|run|obey|apply|follow|"
    r"act on|carry out|do it|do what)\b",
    r"\b(?:act on|execute|obey|follow|carry out|do what)\b[^.?!\n]{0,30}\b(?:the directive|the instructions? in|the command in|"
    r"he says|she says|they say|it says|the (?:email|ticket|message|log|note|quote) says)",
    r"\boverride\s*=\s*(?:true|1|yes)\b|(?<!login )(?<!boot )(?<!shell )(?<!command )\bsystem prompt\b",  # the model's prompt
    # other languages: "ignore/forget ... instructions/rules", the assistant addressed, admin modes
    rf"{FOREIGN_IGNORE}[^.?!\n。]{{0,50}}{FOREIGN_RULES}|{VERB_LAST_RULES}[^.?!\n。]{{0,40}}{VERB_LAST_IGNORE}|{FOREIGN_OFF}|"
    r"(?:이전|앞의|앞선|기존|모든)\s*(?:지시|지침|규칙)\S*[^.?!\n。]{0,40}(?:무시|잊어)",  # Korean: earlier rules ... ignore
    r"\b(?:assistente|asistente|assistent|ассистент\w*)\b\s*[:,]|(?<![\w:])(?:ии|ki|ia)\s*[:,]\s|(?:助手|アシスタント|مساعد|"
    r"सहायक|人工智能|ＡＩ)\s*[:：,，へに请]|"
    r"(?:AI|ＡＩ|モデル|アシスタント)(?:へ|に対する|宛て)の?(?:指示|命令|メモ)|(?:给|对|致|告诉)(?:这个)?(?:模型|AI|助手)|"
    r"模型\s*[:：]|"
    r"(?:nota|note|hinweis|notiz|примечание)\s+(?:per|pour|para|an|für|для)\s+(?:l'|el |la |o |a |den |die |das )?"
    r"(?:assistente|asistente|assistant|assistenten|ki|ia|ии|ассистента|modelo|modèle|modell)",
    # the translator named (no request names it), the model addressed with a colon or by name, its prompt asked for
    r"traductor|tradutor|traduttore|übersetzer|traducteur|переводчик\w*|翻訳|翻译|مترجم|نموذج الترجمة|अनुवादक|"
    r"çevirmen\w*|tłumacz\w*|번역\s?(?:모델|기|엔진)|(?:^|[.!?。\n]\s*)(?:modelo|modell|modèle|modello|модель)\s*,|"
    r"\b(?:für das|an das|pour le|au|para el|al|para o|ao|per il|dla|для|к) (?:modell|modèle|modelo|modello|modelu|модели)"
    r"\s*[:：]|システムプロンプト|系统提示|系統提示|системн\w* (?:промпт|подсказк\w*)|सिस्टम प्रॉम्प्ट|"
    r"prompt (?:du |de |di )?(?:système|sistema)|system-?prompt|موجه النظام|sistem (?:istemi|komut\w*)",
    r"管理员模式|管理者モード|模式[:：]?管理|modo de manuten|modalità manutenzione|mode maintenance|wartungsmodus|"
    r"режим (?:администратора|обслуживания)|modo administrador|mode administrateur|systemhinweis|hinweis an die ki",
    # the seventh red-team set: a comment that orders the model, LLMs in general ordered, orders "to: intent-engine",
    # personas of automation with a job, the reader of "this" named in other languages
    r"(?:<!--|/\*)\s*(?:note (?:to|for) (?:the )?)?(?:ai|assistant|llm|translator|parser|bot|model)\s*:\s*(?:\w+\s+){0,3}?"
    r"(?:keep|add|set|delete|remove|ignore|skip|use|change|make|treat|route|isolate|put|write|emit|output)\b|"
    r"\b(?:downstream|any|all) (?:llms?|language[- ]models?)(?: agents?| systems?| tools?)? "
    r"(?:must|should|shall|need to|are to|have to)\b(?! not\b)|\bto:\s*(?:the )?(?:intent[- ]?engine|translator|parser|llm)\b"
    r"(?!\s+(?:team|group|crew|folks|people|owners?)\b)|"
    r"\b(?:action|op|operation)\s*=\s*(?:purge|wipe|nuke|delete[_-]?all)\b|"
    r"\b(?:act|acting|behave) (?:as|like) [^.\n]{0,60}\bwhose (?:job|task|role|purpose) is\b|"
    r"\b(?:automazione|automatizaci[oó]n|automatisation|automatisierung|sistema|système|modello|modelo|modèle|modell|ia|ki)"
    r"\s+(?:che|que|qui|das|die|der)\s+(?:legge|elabora|traduce|lee|procesa|lit|traite|traduit|liest|verarbeitet|übersetzt)"
    r"(?:\s*[:：]|\s+(?:questo|questa|esto|esta|este|ceci|cela|ce message|ce texte|dies|diese nachricht|das hier)\b)|"
    r"(?:AI|ＡＩ)(?:さん)?へ\s*[：:、,]|이\s*(?:문장|메시지|글|텍스트)\S*\s*(?:읽는|처리하는)|"
    r"hệ thống dịch(?!\s*(?:vụ|chuyển))\b|mô hình dịch(?!\s*vụ)\b|"
    r"(?:הוראה|הערה) ל(?:בוט|מודל|בינה המלאכותית)|התעלם מ?(?:כל )?ה?הוראות",
    # the eighth red-team set: the bot named by handle, notes of a processor, output the request must contain that it does
    # not ask, approval claimed on the model's output, text to be read backwards, the reader named in hi/tr/el/zh
    r"@(?:\w+[-_])?(?:bot|ai|assistant|translator|parser)\b,?\s+(?:when|once|after|before) you (?:pick (?:this|it) up|"
    r"translate|parse|process|read|convert|handle)\b|\bprocessor (?:note|hint)s?\s*:|"
    r"\b(?:resulting|generated|output|emitted|final) (?:intent )?(?:list|record|ir|json|intents?) (?:must|shall|is to) also "
    r"(?:contain|include|carry|hold)\b|\beven though (?:i'?m|i am|we'?re|we are) not asking for (?:it|this|that|one|them)\b|"
    r"\bwhen you (?:generate|emit|produce|output|write) (?:the|this|these|it|them)\b|"
    r"\bdear (?:the )?intent[- ]?engine\b(?!,?\s+(?:please|kindly|could you|can you)\s+"
    r"(?:create|set up|add|block|route|show|list|cap|limit|give|raise|lower)\b)|"
    rf"\b(?:line|lines|part|text|message) (?:below |above )?(?:is|are) (?:meant )?for the {ADDRESSED}\b|"
    r"\bshould (?:bypass|skip) the (?:review|approval) (?:queue|step|gate)\b|"
    r"\b(?:tag|mark|flag|label)\w* (?:every|each|all|the) (?:generated |resulting |emitted )?(?:intents?|ir|output|policy|"
    r"policies)\b[^.\n]{0,20}\bas (?:already )?(?:pre-?)?approved\b|"
    r"\bread (?:this (?:message|text|line)|the (?:last|next|following|previous|final) (?:line|word|part|sentence)) (?:from )?"
    r"(?:right to left|backwards|in reverse)\b|"
    r"(?:इसे|यह|इस संदेश को|यह संदेश) (?:प(?:ढ़|\u095d|ढ)(?:ने|ते|ता)|संसाधित करने) (?:वाले|वाला) (?:सिस्टम|एआई|ai|मॉडल|बॉट)|"
    r"yapay zek[aâ]\s*[,:]|bu (?:metni|mesajı|yazıyı) (?:işleyen|okuyan) (?:yapay zek\w*|model\w*|sistem\w*|bot\w*)|"
    r"(?:σημείωση|οδηγία|μήνυμα) (?:για|προς) (?:το (?:μοντέλο|σύστημα)|τον βοηθό)\s*[:：]|"
    r"(?:给|致)(?:这个)?解析(?:器|程序)(?:的(?:说明|指令|备注))?\s*[)）]?\s*[:：]",
    # the tenth red-team set: readers addressed as a class ("LLM operators:"), the model called by name before an aside
    # ("Model, while you're at it, ..."), a bot handle followed by an order, "this part is for you", injection checks
    # switched off
    r"\b(?:llm|ai|gpt|language model)s?\s+(?:operators?|readers?|agents?|assistants?|systems?)\s*[:,]|"
    rf"(?:{LEAD}|,)[ \t]{{0,8}}{MODEL},[ \t]+(?:while you'?re at it|one (?:more|extra|last|small) thing|also|quietly|silently|"
    r"additionally|btw|this (?:part|bit|one) is for you)\b|"
    r"@(?:\w+[-_]?)?(?:bot|ai|assistant|translator|parser|engine)\b[,:]?\s+(?:ignore|disregard|forget|delete|drop|wipe|purge|"
    r"isolate|override|skip|bypass)\b|"
    r"\b(?:this|the following|the next) (?:part|bit|line|section|message) is (?:meant )?for you\b|"
    r"\b(?:stop|quit|cease|skip|disable) (?:checking|scanning|looking|screening) (?:\w+ )?for (?:prompt )?injections?\b",
)]

_LOOKALIKE = str.maketrans({
    "Α": "a", "Β": "b", "Ε": "e", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y",
    "Χ": "x", "Ζ": "z", "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
    "Х": "x", "Ѕ": "s", "І": "i", "Ј": "j", "У": "y",
    **{chr(base + i): chr(97 + i) for base in (0x1F150, 0x1F170) for i in range(26)},
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "μ": "u", "ω": "w", "ς": "s", "σ": "o", "λ": "l", "π": "n",
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l",
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "ք": "p", "զ": "q",
    "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
})
"""Cyrillic, Greek, Armenian and small-capital letters that look like Latin ones (capitals read before casefolding:
Greek "Η" is an H, its lower case "η" an n), and the negative circled and squared letters that compatibility folding
leaves alone ("🆃🅷🅴🅽"); flags (regional indicators) stay flags."""
_MIXED = re.compile(r"\b(?=\w*[a-z])(?=\w*\d)\w+\b")
"""A word of letters and digits: leetspeak ("1gn0r3"), or an id ("gnb3") that reads the same either way."""
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})


MORSE = dict(zip((".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. --.- .-. ... - ..- ...- .-- -..- -.-- "
                  "--..").split(), "abcdefghijklmnopqrstuvwxyz"))
NATO = ("alfa", "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "juliet", "kilo",
        "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
        "x-ray", "xray", "yankee", "zulu")
READ_AT_MOST = 8000
"""Characters searched for encoded text (the API takes requests of up to 2,000)."""


def _plain(text: str) -> str:
    """Compatibility forms folded (fullwidth, bold or circled letters), invisible characters and accents dropped
    ("ïgnörë"), look-alike letters made Latin, lines joined, letters spaced out joined ("i g n o r e", "i.g.n.o.r.e")."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
                   if unicodedata.category(ch) not in ("Cf", "Mn"))
    if re.search(r"(?<!\S)\w(?: \w)+ {2,}\w(?: \w)+(?!\S)", text):  # words two spaces apart, letters one: "n e w  r u l e"
        text = re.sub(r"(?<!\S)(?:\w ){1,}\w(?!\S)", lambda m: m.group().replace(" ", ""), text)
    text = re.sub(r"\b(?:\w[ ._*-]){3,}\w\b", lambda m: re.sub(r"[ ._*-]", "", m.group()), text)
    text = " ".join(text.split())
    if any(ch.isascii() and ch.isalpha() or 0x1F150 <= ord(ch) <= 0x1F189 for ch in text):
        # mixed scripts: a Russian request stays Russian, "іgnоrе" becomes "ignore"
        text = " ".join(w.translate(_LOOKALIKE).casefold().translate(_LOOKALIKE) if any(c.isascii() and c.isalpha() for c in w) or
                        sum(ch in _LOOKALIKE for ch in map(ord, w)) * 2 >= len(w) else w for w in text.split(" "))
    return text.casefold()


def _decoded(text: str) -> Iterator[str]:
    """The readable texts hidden in ``text``: base64 and hex runs, URL escapes, rot13, reversed."""
    for run in re.findall(r"[A-Za-z0-9+/_-]{16,}={0,2}", text):
        for decode in (base64.b64decode, base64.urlsafe_b64decode, base64.b32decode):
            try:
                yield decode(run + "=" * (-len(run) % (8 if decode is base64.b32decode else 4))).decode("utf-8")
            except (binascii.Error, ValueError, UnicodeDecodeError):
                continue
    for run in re.findall(r"(?:[0-9a-fA-F]{2}[\s:]?){8,}", text):
        try:
            yield bytes.fromhex(re.sub(r"[\s:]", "", run)).decode("utf-8")
        except ValueError:
            continue
    if "%" in text:
        yield unquote(text)
    if "&" in text and (unescaped := html.unescape(text)) != text:
        yield unescaped  # HTML character references: &#116;&#114; ...
    if "\\u" in text or "\\x" in text:  # escapes written out: \u0054\u0072 ..., \x54\x72 ...
        yield re.sub(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if tags := "".join(chr(ord(ch) - 0xE0000) for ch in text if 0xE0020 <= ord(ch) <= 0xE007E):
        yield tags  # text in Unicode tag characters: invisible on screen, read by a model
    for seg in re.findall("\u202e([^\u202c\n]*)", text):
        yield seg[::-1]  # right-to-left override: shown reversed
    for run in re.findall(r"(?:[.-]{1,6}(?:\s+/?\s*|$)){8,}", text):  # Morse: letters apart, words two spaces or / apart
        yield " ".join("".join(MORSE.get(c, "") for c in word.split()) for word in re.split(r"\s{2,}|\s*/\s*", run))
    if len(nato := re.findall(rf"\b(?:{'|'.join(NATO)})\b", text, re.I)) >= 6:
        yield "".join(w[0] for w in nato)
    yield codecs.encode(text, "rot13")
    yield text[::-1]


def _readings(text: str) -> Iterator[str]:
    plain = _plain(text)
    leet, mixed = _MIXED.subn(lambda m: m.group().translate(_LEET), plain)
    ell = _MIXED.sub(lambda m: re.sub(r"(?<=[a-z])1(?=\d)", "l", m.group()).translate(_LEET), plain)  # "ru13s": rules
    yield from (text, plain, leet, ell,
                re.sub(r"(?<=[a-z])-(?=[a-z])", "", plain),
                re.sub(r"[_-]", " ", plain))  # "dis-regard", "assistant_isolate"
    if mixed >= 3:  # written in leetspeak throughout: its all-digit words are letters too ("70 7h3 41")
        yield re.sub(r"\b\w*\d\w*\b", lambda m: m.group().translate(_LEET), plain)
    for hidden in _decoded(text[:READ_AT_MOST]):
        if sum(ch.isprintable() for ch in hidden) >= 0.95 * len(hidden) and re.search(r"\b[a-z]{3,12} [a-z]{2}", hidden, re.I):
            yield _plain(hidden)


def injection(text: str) -> str | None:
    """The phrase that makes ``text`` a prompt injection (or the classifier's reading of it), or None."""
    return injections([text])[0]


def injections(texts: Sequence[str]) -> list[str | None]:
    """:func:`injection` of each text, the classifier reading in one batch what the rules let through."""
    out = [_ruled(text) for text in texts]
    unruled = [i for i, why in enumerate(out) if why is None]
    for i, p in zip(unruled, injection_classifier.probabilities([texts[i] for i in unruled])):
        if p >= injection_classifier.THRESHOLD:
            out[i] = f"the wording as a whole, by the injection classifier: {p:.2f}"
    return out


def _ruled(text: str) -> str | None:
    """The phrase a rule finds in one of the ways ``text`` reads, or None."""
    for reading in dict.fromkeys(_readings(text)):  # most texts read the same several ways: each once
        for pattern in _PATTERNS:
            for m in pattern.finditer(reading):
                if not _own_correction(reading, m):
                    return m.group(0).strip()
    return None


def _own_correction(text: str, m: re.Match[str]) -> bool:
    """Whether the match only takes back the operator's own words to correct them ("disregard the above, I meant ...");
    "the above instructions" are not the operator's own words, "my earlier instructions" are."""
    if re.fullmatch(r"new instructions?\W*", m.group(0), re.I) and RETRACTED.search(text[:m.start()]):
        return True  # "Scratch that last one. New instruction: ..."
    own = OWN_WORDS.search(text, max(0, m.start() - 5))
    return own is not None and own.start() <= m.start() + 5 and CORRECTION.search(text) is not None \
        and not re.search(r"\b(?:guard[- ]?rails?|safety|rules|system prompt|refusals?)\b", m.group(0), re.I) \
        and not re.search(r"\b(?:the|all|any) (?:above|previous|prior|earlier) (?:instructions?|prompt|guidelines)",
                          m.group(0), re.I)


ISOLATE_ALL = re.compile(r"\b(?:isolat|quarantin|disconnect)\w*\s+"
                         r"(?:(?:the\s+)?(?:entire|whole|complete)\s+(?:metro\s+)?(?:network|net)|every node|all nodes|"
                         r"everything|all sites|all of the network)\b(?!\s+(?:segment|slice|behind|part|side))"
                         r"(?![^.;!?]{0,30}\b(?:would|is) (?:be )?(?:overkill|too much|excessive))", re.I)
"""Isolation whose object is the whole network ("isolate the entire network on any anomaly"), not the node that fires."""
DOWN_VERB = r"(?:shut|take|bring|power|turn|switch)"
WHOLE_NETWORK = r"(?:the\s+)?(?:entire|whole|complete)\s+(?:metro\s+)?network\b(?!['’]s)"
EVERY_NODE = (r"(?:(?:all|every)\s+(?:(?:of\s+)?(?:the|our)\s+)?(?:sites?|nodes?|cells?|base[- ]stations?|gnbs?|gnodebs?)|"
              r"(?:both|all|all of|the two)\s+(?:(?:the|our)\s+)?(?:core\s+(?:routers?|nodes?|switch(?:es)?|boxes)|cores)\b"
              r"(?=\s*(?:[.,;:!?\n]|$|(?:down|offline|overnight|tonight|now|at|for|from|until|during|in)\b|off\b(?!\s+the\b)))"
              r"(?![^.;!?\n]*\b(?:one at a time|in turn|one after (?:the other|another)|alternately)\b))")
NETWORK_DOWN = re.compile(rf"\b(?:{DOWN_VERB}\s+(?:down|off)\s+{WHOLE_NETWORK}|"
                          rf"{DOWN_VERB}\s+{WHOLE_NETWORK}\s+(?:down|off|offline)\b|"
                          rf"{DOWN_VERB}\s+(?:down|off)\s+{EVERY_NODE}(?![\w-])"
                          r"(?=\s*(?:[.,;:!?\n]|$|(?:overnight|tonight|now|at|for|until|during|in|except|but)\b))|"
                          rf"{DOWN_VERB}\s+{EVERY_NODE}\s+(?:down|off|offline)\b"
                          r"(?!\s+(?:the\s+)?(?:[a-z]+-[\w-]+|onto|to|from|of|at|in|on|via|towards?)\b)|"
                          rf"(?:disabl|kill|blackhol|black-hol)\w*\s+{WHOLE_NETWORK})", re.I)
"""A request to take the whole network, all of its sites or both cores down ("shut the whole network down at midnight",
"Take all sites offline except ...", "Power down both core routers overnight"), which no intent may carry out in part
(the model reads it as a block of one node)."""
ORDER_START = re.compile(r"(?:^|[.;:!?,—–-]|\b(?:and|also|then|please|pls|just|now|so))\s*$", re.I)
POLITE = re.compile(r"\s*(?:(?:could|can|would|will)\s+(?:you|u|we|someone|somebody)\b|please\b|pls\b)", re.I)
"""A request worded as a question ("Could you ... and also shut the whole network down?"): an order all the same."""
SENTENCE_NEGATED = re.compile(r"\b(?:not|never|no|nobody|without|don't|dont|cannot|can't|won't|isn't|shouldn't|mustn't)\b", re.I)


def orders_network_down(text: str) -> bool:
    """Whether ``text`` orders the whole network down (:data:`NETWORK_DOWN`): the verb starts a clause, in a sentence
    (or the part of it after a colon or a dash) that is no question (but a polite one: "Could you ...?") and holds no
    negation before it ("Do not, under any circumstances, shut down ...", "Take the whole network down? No way.",
    "... before it can take the entire network down" are no such order)."""
    for m in NETWORK_DOWN.finditer(text):
        dash = text.rfind(" - ", 0, m.start())
        start = max([text.rfind(c, 0, m.start()) + 1 for c in ".;:!?\n—–"] + [dash + 3 if dash >= 0 else 0])
        rest = re.match(r"[^.;!?\n]*([.;!?\n]|$)", text[m.end():])
        if ORDER_START.search(text, max(0, m.start() - 12), m.start()) and not SENTENCE_NEGATED.search(text, start, m.start()) \
                and not (rest and rest[1] == "?" and not POLITE.match(text, start)):
            return True
    return False
NOT_BEFORE = re.compile(r"\b(?:not|never|(?:don|doesn|shouldn|mustn|can|won)[’']?t|cannot|no need to)\s+(?:\w+\s+)?$", re.I)
"""A negation of the isolation right before it ("we shouldn't isolate the entire network", "Don’t isolate ...")."""


def wholesale(intents: list[dict[str, Any]], text: str = "", cores: Collection[str] = ()) -> str | None:
    """Why these intents would disable the network wholesale, or None; ``text`` tells a rule that isolates the whole
    network from one that isolates whichever node a trigger fires on, which translate alike. Blocks of all traffic into
    (or out of) each of the ``cores`` ("drop all traffic going into core-1 and core-2") cut every path, though each
    alone only cuts one node off, which an operator may ask ("block everything going into edge-east")."""
    everywhere = {"any", "all"}
    if intents and orders_network_down(text):
        return "the text asks to take the whole network down"
    whole = [ir for ir in intents if ir["kind"] == "sdn.block" and ir.get("protocol", "any") == "any" and "port" not in ir]
    for end, other in (("dst", "src"), ("src", "dst")):
        cut = {ir[end] for ir in whole if ir[other] in everywhere}
        if "role:core" in cut or (cores and set(cores) <= cut):
            return "blocks all traffic into or out of every core node"
    for ir in intents:
        if ir["kind"] == "ztn.policy" and ir.get("action") == "isolate" and any(
                not NOT_BEFORE.search(text, max(0, m.start() - 24), m.start()) for m in ISOLATE_ALL.finditer(text)):
            return "isolates the whole network"
        between_all = ir.get("src") in everywhere and ir.get("dst") in everywhere
        if between_all and ir["kind"] == "sdn.block" and "protocol" not in ir and "port" not in ir:
            return "blocks all traffic between all nodes"
        if between_all and ir["kind"] == "sdn.rate_limit":
            return "throttles all traffic between all nodes"
        if ir["kind"] == "slice.delete" and ir["name"].casefold() in ("all", "every", "everything", "*"):
            return "deletes every slice"
    return None
