"""The meaning check: what the text asks for, read from its words alone, against what the intents do.

A 270M model that misses a clause costs a rephrasing; one that does the opposite of the request (a block
of traffic the operator wants to flow, a route through a node to avoid, a delete of a slice to change, an
automatic action the operator wants to approve) would be applied. This check reads the polarity of the
text (negations, deny vs reach words, via vs avoid words, delete words, ask-first words) and lists every
intent that goes against it; the translator retries and then refuses such an output as ``ambiguous``.
It only ever vetoes: an intent it cannot judge passes.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from netmodel.resolve import resolve
from netmodel.vocabulary import NUMBER_WORDS, ROLE_PHRASES, SERVICE_WORDS

from .grounding import Grounder, fold, whole_words
from .lexicon import APP_PORTS

# The cue words of the other languages requests are written in or switch into (German, French, Spanish, Portuguese,
# Italian, Polish, Turkish, Indonesian, Hindi in Latin script): "blocca il DNS verso core-1", "sem passar pelo core-1". Words
# English also has, or names, or idioms ("non critical", "Mai", "Ms Sin", "sin duda", "sans doute") are cues only in
# phrases ("ne doit pas", "non deve", "sem passar pelo").
NEGATION_ABROAD = (r"nicht|kein\w*|nie|niemals|jamais|aucun\w*|nunca|ningun\w*|ningún|não|nenhum\w*|niente|nessun\w*|nigdy|"
                   r"tanpa|tidak|jangan|asla|değil|nahi|nahin|mat|ne (?:\w+ )?(?:pas|jamais|plus)|mai più|"
                   r"non (?:deve|devono|può|possono|devrait|doit|debe|deben|puede|pueden|pode|podem|devem?|\w+(?:are|ere|ire))")
NEGATIVE_CONCORD = re.compile(r"\b(?:não|nie|no)\s+(?:\S+\s+){0,2}?(?:nunca|jamais|nigdy|nenhum\w*|nessun\w*|niente|ningun\w*|"
                              r"ningún)\b|\b(?:nigdy|nunca)\s+(?:\S+\s+)?(?:nie|não|no)\b")
"""Two negations that make one in the languages that double them ("não deve nunca", "nigdy nie")."""
DENY_ABROAD = (r"band kar\w*|\w+(?:ne|na) mat (?:do|dena|dijiye)|ulaşma\w*|ulaşama\w*|erişme\w*|bloqu\w*|blocc\w*|blok\w*|"
               r"zablok\w*|sperr\w*|engelle\w*|interdi(?:t|te|ts|tes|re|s|sez)\b|"
               r"vieta\w*|verbiet\w*|proib\w*|prohíb\w*")
DELETE_ABROAD = (r"lösch\w*|losch\w*|entfern\w*|supprim\w*|elimin(?:a|ar|are|ala|alo|atela|atelo|ez|er|ieren|iert)|"
                 r"b[oó]rr(?:a|ar|e|en|enlo|enla|adlo|ala|alo)|apag(?:a|ar|ue|uem|ada|ado)|cancell(?:a|are|ate|atela)|"
                 r"usu[nń]\w*|hapus|dihapus|kaldır\w*|sil|silin\w*|(?:kann|muss|darf) weg|hatao|hata do|hata dijiye")
VIA_ABROAD = (r"über|uber|durch|pel[oa]|przez|lewat|melalui|üzerinden|uzerinden|atravess\w*|attravers\w*|"
              r"(?:passando|pasando|passant|passer|passare|pasar|passar) (?:per|por|par|pel[oa])|"
              r"(?:per|por|par) (?:il|la|lo|el|le|o|a)|por")
AVOID_ABROAD = (r"evit\w*|évit\w*|vermeid\w*|umgeh\w*|omij\w*|hindari|kaçın\w*|contourn\w*|"
                r"non|(?:sem|sin|sans|senza|ohne|tanpa|bez|mai|nunca|jamais|niemals|nigdy|nie|pas)"
                r"(?! (?:falta|duda|doute|faute|ausnahme|dubbio|dúvida|problema|problemi|problème)\b)(?: [\w'-]+){0,2}")
REACH_ABROAD = (r"erreich\w*|raggiung\w*|alcanz\w*|atteind\w*|joindre|alcançar|chegar|dotrze\w*|ulaş(?!ma|ama)\w*|mencapai|"
                r"pahunch\w*|"
                r"comunic\w*|verbindung|connessione|conexão|conexión|connexion")
GLUE_ABROAD = (r"\b(?:e|y|et|und|dan|ve|aur|oder|ou|depois|dann|danach|puis|ensuite|luego|poi|potem|sonra|lalu|phir|"
               r"il|la|le|el|lo|o|os|der|die|das|den|dem|los|las|les)\b")
REPAIR_ABROAD = r"reparier\w*|ripar\w*|repar\w*|arregl\w*|napraw\w*|perbaik\w*|düzelt\w*|corrig\w*|behebe\w*"
NEGATION = re.compile(r"\b(?:not|never|no(?![\s,]+(?:i mean|i meant|wait|sorry|actually|make (?:that|it))\b)|nothing|nobody|"
                      r"none|neither|nor|without|w/o|cannot|can't|won't|don't|dont|zero(?![\s-]touch)|unable|"
                      r"doesn't|mustn't|shouldn't|isn't|aren't|may not|must not|do not|does not|can not|"
                      r"cant|wont|doesnt|mustnt|shouldnt|isnt|arent|"
                      r"rather than|instead of|(?<=\brather )(?:the )?[\w-]+ didn'?t|(?:an? )?violation if|violated if|"
                      + NEGATION_ABROAD + r")\b")
DENY = re.compile(r"\b(?:block\w*|deny|denied|drop\w*|isolat\w*|cut\w*\s+(?:\w+\s+){0,3}?off|filter\w*|forbid\w*|prevent\w*|"
                  r"stop\w*|ban|bann\w*|reject\w*|blackhol\w*|null-?rout\w*|quarantin\w*|firewall\w*|disallow\w*|"
                  r"disabl\w*|shut\w*|fence\w* off|wall\w* off|prohibit\w*|refus\w*|kill\w*|blacklist\w*|"
                  r"unreachable|acl|discard\w*|sever\w*|lock\w* out|keep\w* out|cuts|"
                  r"cut(?![\s-]+(?:at\s+)?layers?[\s-]*(?:\d+|one|two|three|four|five|six)\s*(?:[,.;)]|$|and\b|for\b|with\b))|"
                  r"clos\w*|suppress\w*|gone|blk|"
                  r"den(?:ies|ying)|must not work|off the table|knock\w* off|interrupt(?:s|ed|ing)?\b|"
                  r"(?<!\ba )separat(?:e|es|ed|ing)(?=\s+(?:the\s+)?[\w-]+\s+(?:and|from)\b)|"
                  r"no routes? (?=(?:from|between)\b[^.;!?\n]{0,60}?\b(?:shall|must|should|may|will)\b[^.;!?\n]{0,12}?\bexist)|"
                  r"(?:must|shall|should|may) (?:never|not) happen|"
                  r"mitigat\w*(?!\s*:)|sinkhol\w*|impossibl\w*|"
                  r"fail\w*|tim(?:e|es|ed|ing) ?out|revok\w*|shield\w*|"
                  r"los(?:e|es|ing|t) (?:its |their |all )?(?:\w+ )?(?:reachability|connectivity|access)|"
                  r"(?:must|shall|should) not(?=\s*:)|barr\w*|protect\w*|keep\w* (?:\S+ ){0,5}?(?:out|away)|"
                  r"kept (?:\S+ ){0,4}?(?:out|away)|off[- ]limits|"
                  r"lock\w* (?:\S+ ){0,3}?out|"
                  r"nothing (?:from|of) (?:\S+ ){1,3}?to (?:the )?[\w-]+(?=\s*(?:[,.;!]|please\b|and nothing\b|$))|"
                  r"nothing\b[^.;!?\n]{0,30}?\b(?:(?:gets?|goes?|comes?) into|(?:may|can|shall|must|should) "
                  r"(?:get|go|come|pass|reach)\w*)\b|"
                  r"(?:keep\w* (?:\S+ ){1,4}?|kept )from (?:ever |even )?(?:reach|talk|connect|access|contact|"
                  r"send|ping)\w*|" + DENY_ABROAD + r")\b")
"""Words that ask for traffic to be stopped."""
RESTORE = (r"restor\w*|re-?enabl\w*|unblock\w*|bring\w* back|put\w* (?:\S+ ){0,3}?back|"
           r"fix\w*(?=\s+(?:the\s+)?[\w-]+\s*(?:->|→|to)\s|\s+(?:it|that)\b)")
"""Words that ask for a flow back ("restore A -> B"); "fix" only with the flow as its object ("Fix this: ..." is none)."""
RESTORES = re.compile(RESTORE)
STAYS = r"(?:working|up(?! until| to)|open|alive|flowing|running|reachable)\b(?!\s*\?)"
KEEP_WORKING = rf"(?<!\bwere )(?<!\bwas )(?<!\bstop )(?<!\bstopped )\bkeep(?:s|ing)?(?=\s+(?:\S+\s+){{1,4}}?{STAYS})"
"""Asking a flow to stay ("keep port -> cloud working"); only "keep" is the cue, before the flow it governs."""
KEPT_WORKING = re.compile(KEEP_WORKING + rf"\s+(?:\S+\s+){{1,4}}?{STAYS}")
JOIN = (r"join\w*|(?:(?<=\bto )|(?<=n't )|(?<=not )|(?<=can )|(?<=never )|(?<=should )|(?<=must )|(?<=will )|"
        r"(?<=could ))hit")
"""Flow verbs of plain speech ("must be able to join edge-east", "should not be able to hit the cloud")."""
REACH = re.compile(KEEP_WORKING + r"|\b(?:reach\w*|talk\w*|speak\w*|connect\w*|communicat\w*|access\w*|all?ow\w*|permit\w*|"
                   r"pass\w*|"
                   + RESTORE + r"|enter\w*|ping\w*|traffic|packets?|flow\w*|sessions?|ssh|telnet|https?|dns|ftp|rdp|smtp|"
                   r"snmp|ntp|land\w* (?:on|at|in)|"
                   r"mqtt|sip|icmp|tcp|udp|logins?|anything|everything|get\w* (?:in)?to|go\w* (?:out )?(?:in)?to|"
                   r"touch\w*|work|works|let|path|paths|possibl\w*|get\w* through|receiv\w*|open|up|forward\w*|deliver\w*|"
                   r"arriv\w*|leav(?:e|es|ing)(?=\s+(?:\S+\s+){1,3}?towards?\b)|" + JOIN + "|" + REACH_ABROAD + r")\b")
"""Words that ask for traffic to flow, a block's words when negated ("must never reach", "no ssh")."""
OTHER_ACTION = re.compile(r"\b(?:limit\w*|cap|caps|capp\w*|throttl\w*|rate|shap\w*|polic\w*|(?:re)?rout(?:e|es|ed|ing)|"
                          r"steer\w*|creat\w*|set up|spin\w* up|give|provid\w*|show\w*|display\w*|tell|"
                          r"train\w*|fine-tun\w*|slice)\b")
"""Words that start another request: a block word's reach ends at them."""
VIA = re.compile(r"\b(?:via|through|thru|traverse[sd]?|traversing|transit\w*|passing|pass(?:es)?(?: over)?|using|use[sd]?|"
                 r"include\w*|by way of|hop\w* (?:on|through)|goes over|go over|over|onto|" + VIA_ABROAD + ")$")
AVOID = re.compile(r"\b(?:avoid\w*|bypass\w*|around|off|clear of|away from|except|excluding|exclude|without|skip\w*|"
                   r"not|never|instead of|rather than|other than|anything but|steer\w* clear of|out of|"
                   r"(?:not|never)(?: \w+){0,3} (?:touch|cross)\w*|" + AVOID_ABROAD + ")$")
DETOUR = re.compile(r"\b(?:avoid\w*|bypass\w*|around|off|clear of|away from|(?:not|never) (?:touch|cross)\w*)$")
"""The cues of :data:`AVOID` that mark a route's waypoint when the sentence names the route's two ends (:meth:`detoured`)."""
NOT_THE_OTHER = re.compile(r"\s*,?\s*(?:and |but )?not (?:via |through |over |using )?(?:the )?")
"""Between a waypoint and the one it is chosen over ("agg-south, not agg-east")."""
THE = re.compile(r"\W*(?:the\s+)?")
"""Between a word and the node it governs directly ("touch core-1", "reach the stadium")."""
DENIED_OBJECT = re.compile(r"\W*(?:the\s+)?(?:(?:from|by|to|into)\s+(?:the\s+)?)?")
"""Between a word that asks traffic to stop and the node it governs ("reach the stadium", "be reached from the port")."""
OBJECT_LIST = re.compile(r"\s*(?:,|\band\b|\bor\b|\bnor\b|&|/|\bthrough\b|\bto\b)?\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:the\s+)?")
"""Between the members of a list a stop word governs."""
WHOLE_GROUP = re.compile(r"\b(?:no|every|all|any|each|none of the|all the|all of the|all our)\s+(?:\w+\s+)?$")
"""Before a group word that speaks of the whole group ("No base station", "all our radio sites")."""
CLAUSE_END = re.compile(r"[,;.!?\n]|\b(?:and|but|while|whereas)\b")
"""Where a clause ends, for :meth:`Reading.named_instead`."""
MODAL_NEXT = re.compile(r"\s+(?:must|should|shall|may|can|cannot|can't|will|won't|needs?|has to|is|are)\b")
"""After a node that is the subject of its own clause, not a member of the list before it."""
KEPT_AWAY = re.compile(r"\bkeep\w*\s+(?:the\s+)?(?:(?!traffic\b|flows?\b|packets\b|it\b|them\b|this\b|that\b|\S*->)\S+\s+){1,2}"
                       r"(?:away|clear)\s+(?:from|of)$")
"""A node kept away from another ("keep the campus away from hospital-1"): a wall, not a route's detour."""
DETOUR_VERB = re.compile(r"avoid\w*|bypass\w*|around|skip\w*|clear of|away from")
NOT_DETOUR = re.compile(r"(?<!\bwhy )\b(?:not|never|don't|dont|doesn't|mustn't|shouldn't|won't|no need to)\s+"
                        r"(?:(?:go|goes|be|ever|to)\s+)?$")
"""The cues of :data:`AVOID` that a negation on them turns into a waypoint to pass ("must not bypass C", "don't skip C",
"must not go around C"); "can't we avoid C?" asks for the detour."""
WAYPOINT = re.compile(r"\b(?:via|through|thru|travers\w*|transit\w*|by way of|over|onto|using|avoid\w*|bypass\w*|around|off|"
                      r"clear of|away from|except|excluding|without|skip\w*|instead of|rather than)\b")
"""The cues of :data:`VIA` and :data:`AVOID` less the bare negations: where one waypoint phrase ends and the next begins."""
LIST_GLUE = re.compile(r"(?:\s|,|\band\b|\bor\b|\bthe\b|\bboth\b|\beither\b|\bany\b|\bevery\b|\beach\b|\bthen\b|\bnor\b|"
                       r"\bfinally\b|->|→|>|" + GLUE_ABROAD + ")*$")
GLUE_REACH = 80
"""How far back from its end :data:`LIST_GLUE` is looked for: the glue between two members of a list is a few words,
and a search over the whole window tries every start (a 4,000-character list spent seconds there)."""


def _unglued(head: str) -> str:
    """``head`` without the list glue it ends with (:data:`LIST_GLUE`)."""
    glue = LIST_GLUE.search(head, max(0, len(head) - GLUE_REACH))
    return head[:glue.start()] if glue else head


DELETE = re.compile(r"\b(?:delet\w*|remov\w*|"
                    r"(?:(?<=^)|(?<=\n)|(?<=[.;!?] )|(?<=please )|(?<=let's ))(?:lose|ditch|scratch)"
                    r"(?= (?:the |that |this )?[\w-]+ slice)|"
                    r"eliminat\w*|decommission\w*|tear\w*|torn|retir\w*|drop\w*|kill\w*|"
                    r"cancel\w*|"
                    r"terminat\w*|deprovision\w*|de-provision\w*|destroy\w*|scrap\w*|wipe\w*|releas\w*|shut\w*|end|ending|"
                    r"get rid|no longer|stop\w*|discard\w*|nuke\w*|withdraw\w*|close|sunset\w*|purge\w*|dismantl\w*|"
                    r"free up|eras\w*|bin|axe|clean\w* up|clear\w*|decom|rm|del|gone|unprovision\w*|offboard\w*|"
                    r"deactivat\w*|off|take\w* (?:\S+ ){0,3}?(?:away|down|out)|took (?:\S+ ){0,3}?(?:away|down|out)|"
                    r"(?:can|may|has to|have to|needs? to|must|should|got to|gotta) (?:both |all |now )?go|absent|"
                    r"go(?:es|ing)? away|disappear\w*|"
                    r"(?:stand(?:s|ing)?|stood)[- ]down(?=\s+(?:the\s+)?[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+|"
                    r"(?:\s+(?:message|order|notice))?\s*:)|"
                    r"pull\w* (?:\S+ ){0,3}?down|"
                    r"bring\w* (?:\S+ ){0,3}?down|out of (?:the )?(?:slice list|list|network|inventory)|"
                    r"anymore|any more|no more|not needed|unneeded|obsolete|done with|"
                    r"(?:don'?t|do not|doesn'?t|does not|won'?t|will not) need (?:the )?[a-z0-9]+(?:[-_][a-z0-9]+)+"
                    r"(?: slice| booking| reservation)? (?:anymore|any more|after all)|"
                    r"(?:must|should|shall) (?:not|never) (?:exist|be running|run(?!\s+(?:out|over|at|with|on))|be up)|"
                    r"(?:must|should|shall) no longer (?:exist|run)|(?:must|should|shall) cease to exist|"
                    r"(?:(?<=^)|(?<=\n))no slice(?=\s+[\w-]+\s*(?:\n|$))|(?<=[\w-] )go(?=\s*[;.,!]|\s*$)|"
                    + DELETE_ABROAD + r")\b")
ASK_FIRST = re.compile(r"\b(?:ask\w*|approv\w*|approval|confirm\w*|check with|page me|ping me|human|sign-off|sign off|"
                       r"go-ahead|go ahead|ok from|okay from|permission|consult\w*|my say|wait for me|let me decide|"
                       r"my ok|my okay|consent|my go|sign\w* off|"
                       r"notify me before|before (?:acting|doing|isolating|anything|it))\b")
NO_ONE_TO_ASK = r"you (?:don'?t|do not) need to (?:ask|check) with (?:anyone|anybody)[ \t]*(?=[.!;]|$)"
"""A rule that needs nobody's approval, said as a sentence of its own ("You don't need to check with anyone.")."""
WITHOUT_ME = r"(?m:go ahead without (?:me|us)(?=\s*[.!]?[ \t]*$))"
"""A rule to act without the writer, said at the end of its line ("throttle to 20 Gbps, go ahead without me"); not "go
ahead without me and set up ...", which only says to start."""
AUTOMATIC = re.compile(r"\b(?:auto\w*|w/o (?:approval|asking|confirm\w*)|no need to (?:ask|check|wait)|"
                       rf"{NO_ONE_TO_ASK}|"
                       r"without (?:asking|approval|waiting|checking|confirm\w*)|"
                       r"don't ask|do not ask|don'?t wait|do not wait|just do it|on its own|by itself|hands-off|unattended|"
                       rf"{WITHOUT_ME}|pre-?approved|approved in advance|"
                       r"blanket approval|approval-free|"
                       r"immediately|"
                       r"right away|straight away|no approval|no human|closed-loop|self-heal\w*|"
                       r"(?:approval|sign-off|confirmation) (?:is |was )?(?:not|no longer) (?:required|needed|necessary)|"
                       r"(?:ask first|approval|sign-off)\s*:\s*(?:no|none|not needed|not required|n/a)(?=\s*(?:[.;\n]|$)))")
SENTENCE = re.compile(r"[.;!?\n]+(?=\s|$|[•·▪‣◦])|\s+[•▪‣◦]\s+|(?<!\s)\s+(?:-|–|—)\s+|(?<=\s)\(?\d{1,2}\)(?=\s)")
"""Where a sentence ends: its punctuation, a dash between words, or the marker of the next item ("... block it 2) ...")."""


WINDOW = 300
"""How far back (characters) a negation or a list is looked for: bounded, so long texts stay linear."""
EXCEPT = re.compile(r"\b(?:but|except|exception of|excluding|other than|apart from|aside from|save for|unless|besides)\b")
"""Words after which a node is an exception to a block word's reach ("..., but let gnb-4 through")."""
EXCEPT_KIND = re.compile(r"\b(?:except(?: for)?|exception of|excluding|other than|apart from|aside from|save for)\b")
"""The words of :data:`EXCEPT` that take a kind out of a group ("every site except the two hospitals"), not "but"."""
MODIFY = (r"rais\w*|lower\w*|increas\w*|decreas\w*|reduc\w*|bump\w*|extend\w*|set|change\w*|modif\w*|make|give|move|"
          r"upgrad\w*|downgrad\w*|tighten\w*|relax\w*|adjust\w*|scal\w*")
"""Words that change a slice."""
NOT_REMOVED = re.compile(rf"\b(?:{MODIFY}|limit\w*|cap|throttl\w*|(?:re)?rout(?:e|es|ed|ing)|creat\w*|set up|"
                         r"spin\w* up|provid\w*|show\w*|display\w*|train\w*|fine-tun\w*|keep|keeps|keeping|retain\w*)\b")
"""Words of another request, between which and a removal word a slice's name is that request's ("delete A. Keep B")."""
CALL_OFF = r"cancel\w*|undo\w*|revert\w*|abort\w*|call\w* off|withdraw\w*"
"""Words that call a removal off ("cancel the deletion of X", "call off the removal")."""
NOT_REMOVAL = re.compile(r"\b(?:delet|remov|tear)\w* (?:it|them|that|this)\s+(?:would|could|might)\b|"
                         r"\bdrop\w* (?:\S+ )?packets|\bpacket drops?|\bdropping\b|\bclear\w* up\b|"
                         rf"\b(?:{CALL_OFF}) (?:the |that |my |our )?(?:delet|remov|teardown|tear-down|decommission)\w*|"
                         r"\b(?:drop|cut|take|bring|pull)\w* (?:\S+ ){0,3}?(?:latency|delay|bandwidth|rate|jitter|capacity|"
                         r"throughput|priority|reliability|devices)\b|\bend(?:s|ing)? (?:at|by|time|earlier|later|sooner)\b|"
                         r"\breleas\w* (?:some|more) (?:capacity|bandwidth|resources)\b")
CANCELLED = re.compile(rf"\b(?:{CALL_OFF}|replac\w*)\s+(?:the |that |my |our )?$")
"""Before a removal word that is called off ("cancel the deletion of X", "replace the delete I queued"); "take hospital-2
off it" takes a member off."""
WITHDRAWN_ASK = re.compile(r"\b(?:instruction|request|ask|order|message|change|ticket|note)\b[^.;!?]{0,40}\b(?:is|was|are|were|"
                           r"has been|have been)\s+(?:hereby\s+)?(?:withdrawn|cancell?ed|retracted|revoked|void|on hold|"
                           r"put on hold|parked|paused)$")
"""An earlier ask the writer withdraws: the word removes no slice ("the previous instruction ... is withdrawn")."""
ASK_TO = re.compile(r"\b(?:instruction|request|ask|order|plan|change|ticket|proposal)\s+to\s+$")
HELD = re.compile(r"[^.;!?]{0,40}?\b(?:is|was|are|were|has been|have been)\s+(?:put\s+)?(?:withdrawn|cancell?ed|retracted|"
                  r"on hold|parked|paused|deferred|postponed|rejected)\b")
"""An ask told as withdrawn or held after it ("The request to delete fan-zone was put on hold.")."""
SURVIVOR = re.compile(r"\b(?:(?:superseded|replaced|succeeded|obsoleted) by|in favou?r of|merged into|instead of|"
                      r"moved (?:in)?to)\s+(?:the\s+)?$")
"""What comes before the slice that stays when another is removed ("matchday: delete, superseded by fan-zone")."""
NEWLY_NAMED = re.compile(r"\ban?\s+new\s+(?:[\w-]+\s+){0,2}slice\b(?:(?!\b(?:delete|remove|kill|drop|scrap|retire)\b)[^.;\n])"
                         r"{0,80}?\b(?:called|named)\s+[\"'“‘`]?$")
"""What comes before the name of a slice the text asks for ("open-day delete, and a new embb slice at the campus, 800 meg,
called semester-stream"); not "delete the new slice called X", nor "a new ticket came in, remove the slice called X"."""
CREATED = re.compile(r"(?:^|[.;:,!?\n]\s*|\b(?:and|then|also|please|pls|now|just)\s+)"
                     r"(?:set up|create|spin up|stand up|call it|name it)\s+(?:(?:a|an|the|new|slice)\s+)*[\"'“‘`]?$")
"""What comes right before the name of a slice the text orders made ("and set up graduation on campus", ". call it
sealark"); not a making told of ("I didn't mean to create fan-zone-2", "we had to stand up fan-zone-2")."""
REPLACES = re.compile(r"\s+(?:now\s+|will\s+|is to\s+)?(?:replaces?|supersedes?|succeeds?|takes? over from)\b")
"""After the slice that stays: "fan-zone replaces it"."""
DONE_AFTER = re.compile(r"[^.;!?\n]{0,60}?(?:[-—–,;]|\band)\s*"
                        r"(?:(?:you|they|someone) (?:did|already did|have done|'ve done)(?=\s*(?:[,.;!)]|thanks|$))|"
                        r"(?:it|that|this) (?:was|has been) (?:done|removed|deleted)(?=\s*(?:[,.;!)]|already|$)))|"
                        r"[^.;!?\n]{0,60}?\((?:done|completed)\)")
"""A removal the text then tells as carried out ("asked you to remove the vip slice — you did, thanks")."""
PAST_REMOVAL = re.compile(r"\b(?:we|you|they|someone|somebody|was|were|been|had) (?:\w+ )?\w+ed$")
"""A removal told as what happened ("the slice we deleted last week"), not asked for."""
STATUS = (r"(?:done|completed|rejected|declined|deferred|postponed|on hold|withdrawn|not approved|no action|no change|"
          r"already (?:done|applied|in place|live|configured)|(?:do not re-?apply|not to be re-?applied|info(?:rmation)? only|"
          r"for information(?: only)?)(?=\s*[)\]:]))")
DISPOSED = re.compile(rf"\b(?:chg|cr|rfc|change|item|ticket)[- #]?\d+\s*(?:[-–—:(]\s*)?{STATUS}\b|"
                      rf"[(\[]\s*{STATUS}\b[^)\]]{{0,20}}[)\]]|[✅✔❌✗]\s*(?:\(\s*)?{STATUS}\b|"
                      rf"(?:[-–—:)]|[-–—:),]\s*(?:that|it|this)(?:'s| is| was| has been))\s*{STATUS}\b[^-–—:;()\n]{{0,20}}\W*$|"
                      rf"^\W*{STATUS}\s*:|^\(?\d{{1,2}}[).]\s*{STATUS}\b", re.M)
"""A change item's own verdict that leaves nothing to do: after its id ("CHG-300 rejected"), alone in brackets
("(DONE 02:00, no action)"), at its end after a dash or colon ("... - rejected obviously"), or heading its line
("Deferred: anything on core-2"); not a status told in passing ("since the upgrade was completed")."""
ALREADY = re.compile(r"(?<!\bnot )(?<!\bif )\balready\s+(?:been\s+)?(?:block|den|drop|isolat|creat|appli|rout|limit|capp|"
                     r"throttl|add|remov|delet)\w*ed\b|"
                     r"(?<!\bis )(?<!\bare )\b(?:block|den|dropp|isolat|creat|appli|rout|limit|capp|throttl|add|remov|"
                     r"delet)\w*ed\b"
                     r"[^.;,:!?\n]{0,60}\balready\b")
"""A request told as already carried out ("already blocked gnb-2 -> cloud yesterday", "blocked ssh stadium->core-1 already"):
its clause is an item done."""
WITHDRAWN_ITEM = re.compile(r"\b(?:nvm|never ?mind|scratch|cancel|drop|forget|ignore|skip|disregard)\s+(?:about\s+)?(?:the\s+)?"
                            r"(?:(first|second|third|fourth|1st|2nd|3rd|4th)(?:\s+(?:one|item|point|request|bit|line))?|"
                            r"(?:item|point|number|no\.?|#)\s*(\d))\b(?=\s*(?:[.,;!]|$))")
"""An earlier numbered item the writer takes back ("nvm the first one", "scratch item 2")."""
ITEM = re.compile(r"\n|(?<![\n ]\d)(?<!^\d)[.;!?](?=\s)|(?=\b(?:chg|cr|rfc|change|item|ticket)[- #]?\d+)|"
                  r"(?<=\s)(?=\(?\d{1,2}\)\s)")
"""Where a change item (a sentence, a line, or a numbered change) begins; a dash does not end one ("CHG-7 ... - rejected")."""
ROUTE_WORDS = re.compile(r"\b(?:(?:re)?rout\w*|steer\w*|send\w*|forward\w*|via|through|path\w*|connect\w*)\b")
ISOLATE = re.compile(r"\b(?:isolat\w*|quarantin\w*|cut\w* (?:\S+ ){0,2}?off|disconnect\w*|sever\w*|fence\w* off|wall\w* off)")
LOSE = re.compile(r"\b(?:los[est]\w*|miss\w*)\b")
ENGLISH = re.compile(r"\b(?:the|to|from|and|of|for|at|are|is|in|on|a|an|i|me|be|with|please|every|my|our|we|it|that|"
                     r"this|can|must|should|shall|not|traffic|between|off|up|out|by|into|onto|its|their|your|you)\b")
FOREIGN = re.compile(r"\b(?:de|la|le|les|el|los|las|del|des|du|une|et|ou|est|van|naar|het|een|voor|von|nach|und|der|das|"
                     r"dem|mit|zu|auf|für|bitte|para|por|con|al|que|il|di|da|dal|alla|ao|em|vers|vous|nous|sur|dans|"
                     r"aus|zum|zur|tot|och|för|från|od|dla|ve|ile|bir|için)\b")
"""Function words of English and of the other languages requests come in: a text with more of the second (or written
mostly in another script) is not read for the absence of a block or removal word, which the check cannot see there."""
KEPT_FROM = re.compile(r"\b(?:prevent|stop|keep|kept|block|bar|ban|prohibit|forbid|restrict|disallow)\w*\s+(?:\S+\s+){0,4}?"
                       r"from\s+$|\bimpossibl\w* for\s+(?:\S+\s+){1,4}?to\s+$")
"""Before a reach word that is kept from happening ("stop gnb-2 from reaching core-1"): it asks for no flow."""
KEEPER_UNDONE = re.compile(r"\b(?:remov|lift|undo|revert|roll\w* back|delet|withdraw|cancel|scrap|reopen|get rid of)\w*")
RISKY = re.compile(r"[^.;,!?]{0,40}\b(?:is|was|are|seems|sounds) (?:too |far too |way too )?(?:risky|dangerous|a bad idea|"
                   r"drastic|overkill|excessive|much|aggressive|not (?:permitted|allowed|wanted)|forbidden|prohibited|"
                   r"not (?:ok|okay|acceptable|safe))\b")
"""A judgement right after "automatically" that turns it down ("isolating hospital-1 automatically on ddos is too risky")."""
NO_SLICE = re.compile(r"(?:^|(?<=[\n•*:-])|(?<=[\n•*:-] ))no (?:\w+ )?slices? (?:after all |anymore |any more )?"
                      r"(?:at|for|on|in)\s+"
                      r"(?:the\s+)?", re.M)
DEFERRED = re.compile(r"\b(?:must|should|shall|is|are|will) not (?:be )?(?:configured|set up|created|built|provisioned|deployed)"
                      r"(?: now| yet| for now)?\b|\bphase[- ](?:two|2|ii)\b|\bout of scope for now\b")
"""A sentence that puts off what it speaks of ("a V2X slice for the trucks, but that is a phase-two topic and must not be
configured now")."""
SERVICE_SAID = {service: re.compile(r"\b(?:" + "|".join(re.escape(w.casefold()) for w in words) + r")\b")
                for service, words in SERVICE_WORDS.items()}
NOT_YET = re.compile(r"\S+\s+(?:\S+\s+)?(?:yet|so far|currently|right now|at the moment|exists?|is running|\?)")
"""After the node of :data:`NO_SLICE`: a state told ("no slice at the port yet"), not an ask."""
RULE_ACTION = r"(?:isolat|re-?rout|rate[- ]?limit|throttl|scal|quarantin|fail\w* over|cap|block|alert|notif|mitigat|act|apply)\w*"
ACTS_ALONE = re.compile(rf"\b{RULE_ACTION}\s+(?:\S+\s+){{0,4}}?(?:automatically|auto\b|on (?:its|their) own|"
                        r"by (?:itself|themselves)|"
                        r"without (?:asking|approval|waiting|confirm\w*)|w/o (?:approval|asking)|no need to (?:ask|check|wait))|"
                        rf"\bautomatically\s+{RULE_ACTION}|"
                        r"\b(?:approval|sign-off|confirmation) (?:is |was )?(?:not|no longer) (?:required|needed|necessary)\b|"
                        r"\bno (?:approval|sign-off|confirmation) (?:is )?(?:needed|required|necessary)\b|\bmode\s*[:=]\s*auto\b|"
                        rf"\bjust do it\b|\bhands-off\b|\b{WITHOUT_ME}|"
                        rf"\b{NO_ONE_TO_ASK}|"
                        r"(?m:(?:^|(?<=[.!])[ \t]+|\b(?:isolate|re-?route|rate-limit|throttle|quarantine|block|alert|page me|"
                        r"notify me|scale (?:it|the slice) up)\b[^.;!?\n]*(?:[,(—–]|[ \t]-))[ \t]*"
                        r"(?:fully )?(?:auto|automatic|automatically)[ \t]*[.!)]?[ \t]*$)")
"""A rule's action asked to happen without approval ("reroute automatically", "isolate without asking", "approval is
NOT REQUIRED", "You don't need to check with anyone.", a line whose rule verb ends ", auto", a line's last sentence "Auto."
after a statement), not automation told of ("the detector retrains automatically", "recovers by itself")."""
ASK_FIRST_ALWAYS = re.compile(r"\b(?:(?:never|not) without (?:my |our |an? )?(?:approval|ok|okay|consent|sign-off|go-ahead)|"
                              r"only (?:with|after) (?:my|our|an?)|until (?:i|we) (?:confirm|approve|say|agree)|"
                              r"unless (?:i|we) (?:confirm|approve|say|agree))")
"""Ask-first phrases that hold a negation of their own ("never without my approval", "not until I confirm")."""


def in_english(t: str) -> bool:
    """Whether ``t`` (casefolded) is written in English, which the check's words read: mostly ASCII letters and no more
    foreign function words than English ones."""
    letters = [ch.isascii() for ch in t if ch.isalpha()]
    foreign = len(FOREIGN.findall(t))
    return not (foreign >= 2 and foreign > len(ENGLISH.findall(t))) and 2 * sum(letters) >= len(letters)


def _clause(text: str, start: int) -> str:
    """The clause before ``start``: back to a comma, a colon, a dash or a "+" between requests, a "but" or the end of a
    sentence."""
    return re.split(r"[,:(]|\s[+—]\s|\bbut\b|" + SENTENCE.pattern, text[max(0, start - WINDOW):start])[-1]


OPEN_LINE = re.compile(r"\b(?:should|must|shall|can|could|may|might|will|would|to|these|those|following|of|the|not|never|no|"
                       r"none|from|that|which|and|or|be|let|cannot|can't)\s*$")
"""The end of a line that the list under it completes ("Under no circumstances should\n* A reach B")."""


LIST_ITEM = re.compile(r"[\s.;!?]*[-*+|•·▪‣◦]\s")
SENTENCE_OR_ROW = re.compile(SENTENCE.pattern + r"|\n(?=[ \t]*[*+|]\s)")
"""A sentence end, or a line break before a bullet or a table row."""


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of ``text`` end (:data:`SENTENCE`, and before a bullet or a table row), but for an item marker
    ("2)") that closes a bracket the text opened ("(see 2)") and the line breaks of a list a line leaves open ("Under no
    circumstances should\n* A reach B\n* C reach D": the list completes the sentence)."""
    ends, open_list = [], False
    for m in SENTENCE_OR_ROW.finditer(text):
        item = "\n" in m[0] and LIST_ITEM.match(text, m.start()) is not None
        open_list = item and (open_list or OPEN_LINE.search(text, max(0, m.start() - 30), m.start()) is not None)
        if not open_list and not _in_brackets(text, m):
            ends.append(m.end())
    return ends


def _in_brackets(text: str, end: re.Match[str]) -> bool:
    """Whether a sentence end matched as an item marker ("2)") closes a bracket the text opened ("(see 2)")."""
    return end[0].endswith(")") and not end[0].lstrip().startswith("(") and \
        text.count("(", 0, end.start()) > text.count(")", 0, end.start())


NONE_OF = re.compile(r"\b(?:none|neither|not one|no one) of\s+(?:(?:the\s+)?[\w'-]+\s*,\s*)*(?:the\s+)?[\w'-]+,?\s+"
                     r"(?:or|and|nor)\s+(?:the\s+)?[\w'-]+\s+(?:may|can|could|shall|should|must|will|is|are)?\s*$")
"""A negation of a whole list ("None of A, B or C may ..."), whose commas would otherwise end its reach."""
FALSE_AFTER = re.compile(r"\w+\([^()]{0,60}\)\s*(?:(?:must|should|shall|is expected to|expected to) (?:evaluate to|be|return)|"
                         r"==|=)\s*false\b")
"""A property written as a predicate that must not hold ("reachable(A, B) must evaluate to false")."""
PREFIX_NOT = re.compile(r"(?:^|(?<=[\s(]))[!¬]\s?\(?$")
"""A "!" or "¬" written onto a flow word after a space or a bracket ("!reachable(A, B)", "¬ reach(A, B)")."""


NEW_SUBJECT = re.compile(r"\b(?:and|while|whereas)\s+(?:the\s+|our\s+|their\s+)?[\w'-]+\s+"
                         r"(?=(?:can|could|does|do|is|are|was|were|"
                         r"still|now|reach|reaches|gets|talks|sends)\b)")
"""Where a clause with a subject of its own begins ("A can't get to B and the farm reaches C"): a negation before it
does not reach past it."""
NEW_CLAUSE = re.compile(r"[,;]\s*(?:and|but|while|whereas|plus)\s+(?:the\s+|our\s+|their\s+)?(?=\S)")
CLAUSE_VERB = re.compile(r"\b(?:must|should|shall|needs? to|has to|have to|will|is to|are to)\b")
"""A clause after a comma with a subject and a modal verb of its own ("..., and the port -> cloud path should use the
fewest hops"): a cue before it does not reach the nodes in it."""
WE, OURS, AT_END = re.compile(r"\b(?:we|we're|we are|our \w+)\b"), re.compile(r"\bour \w+"), \
    re.compile(r"\b(?:at|on|in|from)\s+(?:the\s+)?$")
"""The writer speaking of their own site ("we rent space at the campus") and of what is theirs ("our X-ray server")."""
NEITHER_NOR = re.compile(r"\bneither\b.*\bnor\b")
NEGATED_CLAIM = re.compile(r"\b(?:there(?: is|'s| are| will be| can be) (no) (?:scenario|situation|case|circumstances?|time|way) "
                           r"(?:in which|where|when|that)|it(?: is|'s) (not|un)(?:true| true| the case) that|it (isn't) "
                           r"(?:true|the case) that)\b")
"""A negation of the whole claim that follows ("There is no scenario in which A should not reach B"), which reaches
further than a plain one."""
ASKING = re.compile(r"(?:^|(?<=[\s,]))(?:can't|cant|cannot|won't|wont)\s+(?:we|you|u|someone|somebody)"
                    r"(?:\s+(?!see\b|tell\b)\w+|\s*$)|"
                    r"\bwhy (?:don't|not)\b")
"""A request put as a negative question ("Can't we keep the students away from ...?", "why not block it?"): no negation."""
ASIDE = re.compile(r"(?:(?<=\bnot)|(?<=\bnever)|(?<=n't)|(?<=\bmust)|(?<=\bshould)|(?<=\bshall)|(?<=\bmay)|(?<=\bcan))\s*,\s*"
                   r"(?:under any circumstances?|at any time|in any case|whatever happens|please|ever|"
                   r"really|for now)\s*,")
"""An aside between commas, which does not end a negation's reach ("must not, under any circumstances, be reachable",
"Do not, please, let A reach B")."""
FALSE_CLAIM = re.compile(r"\bit(?: is|'s| was) (?:false|wrong|untrue|incorrect|a mistake) (?:to say )?that\b|"
                         r"\b(?:rule|policy|claim|statement|assumption|entry|requirement|ticket)\s+(?:that|saying|which says)\s+"
                         r"(?=[^.;!?\n]{0,80}?\s(?:is|was)\s+(?:wrong|incorrect|false|a mistake|an error|not right)\b)")
"""A claim the writer calls false, before it ("It's false that A mustn't reach B") or after it ("the old rule that A must
not reach B is wrong"): its negations are reversed."""
NEGATIVE_SUBJECT = re.compile(r"^\W*(?:nobody|no[ -]?one|nothing|no (?:\w+ )?(?:traffic|packets?|flows?|hosts?|devices?|users?|"
                              r"sessions?|machines?|systems?))\b", re.I)
"""A clause whose subject is a negation ("Nobody from the factories should ever be able to reach ..."): it reaches the
clause's verb however long the subject."""
NOT_THE_SUBJECTS = re.compile(r"\b(?:that|which|who|whom|other than|except|but|besides|apart from|save for|disputes?|"
                              r"doubts?|denies|questions?)\b")
"""Words after a negated subject that make the verb further on another's ("Nobody disputes that A must reach B", "No
traffic other than the backups should reach B")."""
FORGET = re.compile(r"\b(?:don't|do not|dont|never|not) forget (?:to )?")
"""A negation of forgetting, which asks for what follows ("don't forget to block telnet")."""


def negated(text: str, start: int, words: int = 8) -> bool:
    """Whether an odd number of negations stands among the ``words`` words before ``start`` in its clause (a comma or a
    "so" ends the reach of a negation: "we don't need it anymore, remove it", "via core-1, no, via core-2", "no outage is
    acceptable so block it"; two cancel: "under no circumstances unable to reach", but not the two of one in the languages
    that double them: "não deve nunca"; a negated claim reaches further: "there is no scenario in which ...", and so
    does a negated subject: "nobody from A should ever be able to reach"), counting
    a "!" or "¬" written onto the word ("¬reach(A, B)"), a "none of" before the list the clause is part of ("None of A,
    B or C may reach") and a "... is false" after the word ("reachable(A, B) must evaluate to false")."""
    window = ASIDE.sub(lambda m: " " * len(m[0]), text[max(0, start - WINDOW):start])  # "must not, ever, reach"
    clause = _clause(window, len(window))
    if subjects := [m for m in NEW_SUBJECT.finditer(clause + text[start:start + 12]) if m.end() <= len(clause)]:
        clause = clause[subjects[-1].end():]  # "A can't get to B and the farm reaches C": "reaches" is not negated
    clause = FORGET.sub(" ", re.split(r"\b(?:so|therefore|hence|thus)\s", clause)[-1])  # "... is no option, so block it"
    near = " ".join(clause.split()[-words:])
    odd = (len(NEGATION.findall(near)) - bool(NEITHER_NOR.search(near)) - len(NEGATIVE_CONCORD.findall(near))
           - len(ASKING.findall(near))) % 2 == 1
    lead = " ".join(clause.split()[:-words])  # a claim's negation the window leaves out still counts
    odd = odd != bool((claim := NEGATED_CLAIM.search(" ".join(clause.split()))) and claim.start(claim.lastindex) < len(lead))
    odd = odd != bool(lead and NEGATIVE_SUBJECT.match(lead) and not NOT_THE_SUBJECTS.search(clause))
    odd = odd != bool(PREFIX_NOT.search(text, max(0, start - 4), start))
    odd = odd != any(m.start() < len(clause) for m in FALSE_CLAIM.finditer(clause + text[start:start + 100]))
    head = re.split(SENTENCE.pattern, text[max(0, start - WINDOW):start])[-1]
    if (none := NONE_OF.search(head)) and none.start() < len(head) - len(clause):
        odd = not odd
    return odd != bool(FALSE_AFTER.match(text, start))



REPLACING = re.compile(r"\bno[\s,]+(?:wait|i mean|i meant|sorry)\b[\s,:]*(?!also\b|and\b|too\b)|"
                       r"\b(?:i mean|i meant|correction|make that)\b[\s,:]+(?!also\b|and\b|too\b)")
"""A correction that swaps what was just named ("..., no wait, gnb-3 to core-1")."""
OTHER_OBJECT = re.compile(r"[^.;!?\n]{0,60}?,\s*(?:i meant|i mean|it should be|make it)\s+(?:the\s+)?[\w-]+\s*(?:->|→|to)\s*"
                          r"[\w-]+")
"""After a block the writer negates: the flow they meant it for ("Not the A->B block I asked for, I meant B->A"), which
negates the object, not the block."""
NOUN_DENIED = re.compile(r"(?:access|connectivity|reachability|traffic|flows?|paths?)\b[^.;,!?\n]{0,60}?"
                         r"\b(?:is|are|be|been|gets?)\s+(?:\w+\s+)?(?:revoked|removed|blocked|cut|withdrawn|denied|dropped|disabled|closed|terminated|stopped)\b")
"""A flow word that names what is stopped ("Access from the port to hospital-2 is to be revoked"), not an ask for it."""
PRONOUN_OBJECT = re.compile(r"\s+(?:it|them|that|this)\b")


def run_on(text: str, block: re.Match[str]) -> bool:
    """Whether a block word with a pronoun for object starts a clause of its own in unpunctuated text, so the negation
    before it is the flow word's ("the stadium shouldnt reach the east MEC on telnet block it")."""
    if not PRONOUN_OBJECT.match(text, block.end()):
        return False
    clause = _clause(text, block.start())
    return bool((negations := list(NEGATION.finditer(clause))) and REACH.search(clause, negations[-1].end()))


DECLINED = re.compile(r"[^.;:,!\n?]{0,80}\?\s*(?:(?:no|nope|nah|no way|definitely not|absolutely not)\s*(?:[.,;!—–]|-\s|$)|"
                      r"(?:it|that|this|they)\s+(?:mustn'?t|must not|shouldn'?t|should not|isn'?t supposed to|can'?t)\s+be\b)")
"""The rest of a question, in its clause, that the writer answers with a bare "no" or says must not be so ("isolate it?
No. Just alert", "Should we delete sat-iot? No - it carries the night shift", "Is gnb-2 blocked from core-2? It mustn't
be."; not "... ? No need to ask")."""


def asserted(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that no negation governs, nor a "no" that answers their question."""
    return [m for m in pattern.finditer(text) if not negated(text, m.start()) and not DECLINED.match(text, m.end())]


EXEMPTING = r"except(?: for)?|other than|apart from|aside from|save for|excluding|with the exception of"
"""Words after which what is named is left out of what the clause does."""
EXEMPT_BEFORE = re.compile(rf"\b(?:{EXEMPTING}|but not|spare|sparing|not from|not for|exempt(?:ing)?|besides|not including|"
                           r"leaving out|minus)(?:\s+(?:from|to|at|on))?$")
HANDS_OFF = re.compile(r"(?:^|[.;:!?\n—–]|\s--?\s)\s*(?:(?:but|and|just)\s+)?(?:please\s+)?(?:don't|dont|do not) touch\s+"
                       r"(?:the\s+)?$")
"""An imperative that exempts the node after it; "A must never touch B" is a block."""
EXEMPT_AFTER = re.compile(r"(?:\s*(?:,|\band\b)\s*[\w-]+)*\)?"  # "(gnb-6, gnb-7) keep their access"
                          r"\s*(?:(?:is |are )?(?:exempt|excluded|spared|untouched|unaffected)\b|"
                          r"(?:should |must |will |can |shall |to )?(?:keep|stay|remain)\w* "
                          r"(?:working|up|open|reachable|connected|as is|untouched|alone|unaffected|its access|their access|"
                          r"access)\b)")
ADDITIVE = re.compile(r"\b(?:besides|aside from|apart from)\b")
"""An exemption word that adds rather than exempts when its clause goes on with :data:`TOO` ("besides A, block B too")."""
TOO = re.compile(r"\b(?:also|too|as well|in addition)\b")
STOPPED = re.compile(r"\b(?:stop|quit|cease|no longer)\w*\s+\w+ing\b(?:(?!\b(?:and|but|then|instead)\b)[^,;:.])*$")
"""Before an avoid cue: the detour is what the writer wants ended ("stop steering A around C")."""
ALONE = re.compile(r"\s+alone\b")
TAKEN_FROM = re.compile(r"\s+(?:and \S+\s+)?from\b")
"""After a node a removal word governs: the node is taken out of something ("remove hospital-2 from telemed")."""
TAKEN_BACK = re.compile(r"[^.;!?\n]{0,40}?(?>[.;,!?\n][\s.;,!?]*)(?:no+|nah|hmm|oh)?[\s,]*(?:wait|actually|scratch that|"
                        r"on second thought)"
                        r"[\s,:-]*(?:no\b[\s,:-]*)?(?:(?:don'?t|do not)(?=\s*(?:[-—–.,;:!]|$))|keep it|leave it)")
"""A removal the writer takes back right after ("delete X. no wait, don't -- modify it")."""
REMOVAL = r"(?:delet|remov|tear|kill|drop|retir|decommission|cancel|terminat|destroy|scrap|wip)\w*"
"""The verbs of a slice's removal, for the patterns that read who is removed instead of whom."""
REDIRECTED = re.compile(r"[^.;!?\n]{0,40}?(?P<turn>(?>[.;,!?\n][\s.;,!?]*))(?:no+|nah|oh|sorry)?[\s,]*"
                        r"(?:wait|actually|sorry|i mean|i meant|correction|scratch that|on second thought)"
                        r"[\s,:-]*(?:no\b[\s,:-]*)?(?:\w+\s+)?"
                        rf"{REMOVAL}\s[^.;!?\n]{{0,60}}?\binstead\b")
"""A removal the writer moves to another object right after ("Delete A. No wait, delete B instead")."""
AUTOMATICALLY_NEXT = re.compile(r"\s+(?:\S+\s+)?auto\w*")
AUTOMATIC_BEFORE = re.compile(r"\bauto\w*\s+$")
"""Next to an isolate word: the negation is of the mode ("don't isolate gnb-5 automatically", "never lead to automatic
isolation"), not of the isolation."""
ELLIPSIS = re.compile(r"\s+(?:does|do|is|are|should|must|shall|will|can|may)(?: not|n't)\s*(?:[.;,!]|$)")
PRONOUN = re.compile(r"\b(?:it|that|this|them)\b")
SAME_PAIR = re.compile(r"\b(?:same|that|this|those|these) (?:pair|flow|link|two|ends|connection)\b|"
                       r"\b(?:on|for|over) (?:the )?same path\b")
"""An ask that points back to the flow of an item told done."""
BACKREF_WORDS = r"it|that|this|they|them|these|those|both|same|ditto|likewise|remediation"
ANAPHOR = re.compile(rf"\b(?:{BACKREF_WORDS}|also|too|nor|either)\b")
"""Words that tie a sentence to its neighbour ("... to core-2. Block it.", "Also to factory-2.")."""
BACKREF = re.compile(rf"\b(?:{BACKREF_WORDS}|their)\b")
"""The words of :data:`ANAPHOR` that point back; "also", "too", "nor", "either" add a request of their own ("... Also
block C"), so they tie a sentence only to the one before it. "their" ties back only the sentence that holds the cue
("... the farm. Don't let their sensors talk to core-1.", not "Block A. Their laptops still need core-1.")."""
AGREED = re.compile(r"\W*(?:[\w .'-]{1,24}:\s*)?(?:(?!not\b|no\b|never\b)\w+\s+)?(?:yes|yep|yeah|ok|okay|sure|agreed|approved|"
                    r"correct)\b")
"""The start of a reply that agrees to the question before it, after a speaker's name ("Sec: yes, ...")."""
NO_REPLY = re.compile(r"\W*(?:no|nope|not|none|nothing|nobody|flat|idle|unused|zero)\b")
"""A reply that answers no to the question before it ("No - telemetry has been flat since June")."""
JUDGED = re.compile(r"\s*(?:it|that|this|they|which)\s+(?:shouldn't|should not|mustn't|must not|isn't|is not|can't|cannot)"
                    r"(?: be)?(?: (?:ok|okay|allowed|happening|so))?\s*[.!;]*\s*")
"""A sentence that only judges the one before ("... is being reached by the port. It shouldn't be. Block it.")."""
FORWARD = re.compile(r"\b(?:this|these)\s+(?:\w+\s+)?(?:block|den|drop|cut|isolat|filter)\w*|"
                     r"\b(?:block|deny|drop|cut|isolate|filter)\s+(?:this|these)\b|\b(?:the following|as follows|below)\b|:\s*$")
"""What ties a sentence to the next: a "this" the cue takes as its object ("Need this blocked. ssh from A to B"),
"the following", or a closing colon."""
ASK_FLOW = re.compile(KEEP_WORKING + r"|\b(?:reach\w*|talk\w*|connect\w*|communicat\w*|access\w*|all?ow\w*|permit\w*|"
                      r"pass\w*|ping\w*|"
                      + RESTORE + r"|get\w* through|(?:re)?rout\w*|steer\w*|send\w*|forward\w*|via|through|thru|travers\w*|"
                      r"transit\w*|paths?|using|" + JOIN + r")\b")
"""The words of :data:`REACH` and :data:`ROUTE_WORDS` that ask for a flow, not merely name traffic ("block traffic")."""
AFTER_DENIAL = re.compile(OTHER_ACTION.pattern + r"|\b(?:permit\w*|allow\w*)\b")
AFTER_FLOW = re.compile(OTHER_ACTION.pattern + "|" + DENY.pattern)
"""Where the reach of a block (a flow) word ends when pairing a route's ends with it."""
OWN_ASK = re.compile(r"\b(?:permit|allow|route|reroute|steer|send|forward|via|through|thru)\b")
"""Words that make a clause a request of its own, beside :data:`OTHER_ACTION`: an imperative flow or a waypoint."""
FAULT = re.compile(r"fail\w*|tim(?:e|es|ed|ing) ?out|unreachable|gone|impossibl\w*")
NO_CONNECTION = (r"(?<!\bmust )(?<!\bshould )(?<!\bshall )(?<!\bto )(?<!\bwill )(?<!\bmay )(?<!\bmuss )(?<!\bsoll )"
                 r"\b(?:has|have|had|hat|haben|hatte|hatten|tiene|tienen|ha|hanno|tem|têm)\s+"
                 r"(?:no|keine?|ningun\w*|nessun\w*|nenhum\w*)")
"""A node that has no connection (anymore): a fault, unless a modal makes it a wish ("must have no connection")."""
CANT = re.compile(r"\b(?:can't|cannot|can not|cant|couldn't|couldnt|unable|doesn't|doesnt|does not|no longer)\b|"
                  r"\b(?:(?:is|are|was|were) not|isn't|aren't|wasn't|weren't|isnt|arent|wasnt|werent)\s*$|"
                  + NO_CONNECTION + r"\s*$")
"""The negations of :data:`TELLS_FAULT` that only a fault takes ("can't reach", "has no connection"; "is not fine" also
judges, "is not reaching" does not: the clause read ends at the flow word)."""
COMPLAINT = re.compile(r"[^.;!?\n]{0,40}?(?:\b(?:anymore|any more|suddenly)\b|\bsince\s+(?:\d|yesterday|this morning|last)|\?)")
"""What follows a fault told as news ("... anymore", "... since 9", "... ?")."""
UNDOING = re.compile(r"\b(?:revert\w*|roll\w* back|undo\w*|from now on|from tonight|as of|please|pls|mistake)\b")
"""A sentence that wants a fault ("gnb-3 cannot reach stadium anymore please", "revert that")."""
WANTED = re.compile(r"\b(?:good|correct|intended|expected|as planned|what we want|keep (?:it|that)|should stay|stay that way|"
                    r"fine|desired)\b")
"""A fault approved in its sentence or the next ("gnb-3 cant reach stadium anymore?? good, keep it that way")."""
CHECKED = re.compile(r"\b(?:confirm|verify|check|is it (?:true|right))\b")
"""Before a fault asked as a check ("Can you confirm gnb-3 cannot reach stadium?")."""
TARGET_STATE = re.compile(r"\b(?:expected|desired|target|required|intended|correct|wanted) (?:state|behaviou?r|result)\b|"
                          r"\b(?:should|must|shall|ought to|make sure|ensure|so that|such that)\b|\bexpected\s*:")
"""A sentence that states the state wanted ("Expected state: factory-2 cannot reach hospital-1"), not a fault."""
WISHED = r"(?:and|but) (?:there|it|one) (?:should|must|shall|needs? to) be(?=\s*(?:[.!,;]|$))"
"""A state wished otherwise right after it is told ("... and there should be")."""
REPAIR = re.compile(r"\b(?:fix\w*|repair\w*|restor\w*|do the needful|mitigation(?=\s*:)|"
                    r"sort (?:it|this|that|them|both|these|those)|sorted|resolv\w*|solv\w*|look into|deal with|"
                    r"get (?:it|this|that) (?:working|going)|make (?:it|this|that) work|"
                    + WISHED + "|" + REPAIR_ABROAD + r")\b")
"""Words that ask for a fault to be repaired, whatever their object ("needs fixing", "sort it", "could be fixed")."""
SHOULD_BE = re.compile(r"[^.;!?\n]*\b" + WISHED)
"""A state told, then wished otherwise: "there is no path from A to B and there should be" tells a fault."""
STATE = re.compile(r"\b(?:is|are|was|were|been|being|gets?|getting|got)\s+(?:\w+\s+)?$")
TELLS_FAULT = re.compile(r"\b(?:can't|cannot|can not|couldn't|could not|unable|doesn't|does not|isn't|is not|aren't|"
                         r"are not|won't|will not|didn't|did not|wasn't|weren't|no longer|"
                         r"cant|couldnt|doesnt|isnt|arent|wont|didnt|wasnt|werent)\b|" + NO_CONNECTION + r"(?=\s*$)")
"""A negation that tells of a fault ("can't reach", "doesn't reach"), not one that forbids ("must not", "never",
"don't let", "¬reach", "none of ... may")."""
QUOTE = re.compile(r'"[^"\n]*"|“[^”\n]*”|(?<!\w)\'[^\'\n]*\'(?!\w)')
"""A quoted message, in straight or curly double quotes or in single quotes."""
MAIL_QUOTE = re.compile(QUOTE.pattern + r"|^>[^\n]*", re.M)
"""A quoted message or a mail's quoted line ("> Sam: block campus -> edge-east"), which a reply may take back too."""
RETRACTED = re.compile(r"\b(?:don'?t|do not)\s*[.!]|\b(?:scrap|ignore|disregard|forget) (?:that|it|this)\b|"
                       r"\b(?:is|was|has been|are|were|have been) (?:hereby )?(?:withdrawn|retracted|cancell?ed|void)\b|"
                       r"\bno longer (?:stands|applies)\b|"
                       r"\b(?:that|this|it) (?:was|is) (?:a mistake|wrong|an error|incorrect)\b(?!\s*\?)")
"""What takes back the quoted message before it ("Correction from me: don't.", "... is withdrawn")."""
NOT_TO_BE = re.compile(r"(?:,|\bto be\b[^.;!?]{0,40}|\b(?:should|must|shall)) not\s+$|\b(?:rather|instead) (?:than|of)\s+$")
"""Before a block word, what makes "not blocked" an ask (", not blocked", "is to be limited, not blocked"), not a fact."""
NOTHING = re.compile(r"(?!)")
"""A pattern that never matches: no other request ends a cue's reach."""
STILL = re.compile(r"\bstill\b")
""""but ... still" turns a clause to the other polarity ("never reach B, but the ambulances still need C")."""
NEXT_CLAUSE = re.compile(r"[,;]\s*(?:(?:and|then|also|plus)\s+)?$")
"""What, between a node and a later cue, makes the cue the start of the next clause ("permit A -> B, deny A -> C")."""
HOP_BEFORE = re.compile(r"(?:->|→|=>|>)\s*$")
HOP_AFTER = re.compile(r"\s*(?:->|→|=>|>)")
"""Arrows on both sides of a node: a hop of a path written out ("gnb-1 -> agg-east -> core-1")."""
FILLER = re.compile(r"\s*(?:going|to go|to|passing|being routed|routing|travell?ing|having to go)?\s*")
AVOIDED_AFTER = re.compile(r"^\W*(?:(?:is|are|must|should|shall|has to|have to|needs? to|to|be|gets?)\s+){0,3}"
                           r"(?:not (?:permitted|allowed)|"
                           r"forbidden|prohibited|disallowed|avoided|off[- ]limits|excluded|kept out|skipped|bypassed|"
                           r"not to be used)\b|^\W*(?:must|should|may|shall) not be (?:on|in|part of) the (?:path|route)")
"""What, written right after a node, makes it one to avoid ("agg-north is off limits", "core-2 must not be on the path")."""
FROM = re.compile(r"\b(?:(?:permit|deny)\s+(?:ip|tcp|udp|icmp)\s+host|from|out of|originat\w* (?:at|from|in)|leaving|src\s*=\s*|"
                  r"(?:reached|reachable|contacted|accessed|sent|made|originated|generated|initiated|opened|hit|hammered|"
                  r"flooded|attacked|targeted|scanned|probed|pinged|issued|launched)\b(?:[^,;.!?]{0,40}\s)?by)$")
"""Before a source; in an ACL line ("deny tcp host A host B"), the first host."""
NOT_A_SOURCE = re.compile(r"\b(?:cut\w* off|isolat\w*|separat\w*|walled off|fenced off|protect\w* \S+|"
                          r"block\w* (?:the )?(?!traffic|packets|flows?|ssh|telnet|https?|dns|ftp|rdp|smtp|snmp|ntp|mqtt|sip|"
                          r"icmp|tcp|udp|all\b|everything|anything)\S+)\s+from$")
""""cut off from B", "block A from B": B is no source ("block telnet from A" has one)."""
TO = re.compile(r"(?:\b(?:(?:any|host\s+\S+)\s+host|to|into|towards?|reach(?:es|ing)?|entering|"
                r"(?:destined|bound|headed) (?:for|to)|arriv\w* at|aimed at|targeting|land\w* (?:on|at|in))|dst\s*=\s*|"
                r"->|→|=>|>)$")
"""Before a destination; in an ACL line, the host after the source ("deny udp any host B")."""
SENDS = re.compile(r"(?:(?:(?<='s)|'s?) (?:outgoing |outbound )?traffic\b|\s*(?:sends?|sending|sent|transmits?|transmitting|"
                   r"originates|emits?|uploads?|pushes|makes|->|→|=>)|"
                   r"\s+from (?:reach|talk|connect|access|contact|send|ping)\w*)")
"""What, written right after a node, makes it the source ("traffic that gnb-4 sends towards B", "A -> B")."""
RECEIVES = re.compile(r"(?:(?<='s)|'s?) (?:incoming|inbound)\b|"
                      r"\s+(?:(?:must|should|shall|may|can|will|is|are|has|have|needs?)(?:n't| not)? (?:\w+ )?)?"
                      r"(?:receiv\w*|(?:un)?reachable from\b|gets? (?:any|no)\b|"
                      r"(?:to )?be (?:reached|reachable|unreachable|contacted|accessed|hit|"
                      r"shielded|protected)\b|"
                      r"(?:being )?(?:hammered|flooded|attacked|targeted|hit|reached|contacted|accessed|pinged|scanned|"
                      r"probed) by\b)|"
                      r"\s+from (?:receiving|being (?:reached|reachable|contacted|accessed|hit))")
"""What, written right after a node, makes it the destination ("edge-east must not receive ...", "core-2 shall not be
contacted by ...", "the port from being reachable by ...", "hospital-1's incoming traffic")."""
UNDONE_BEFORE = re.compile(r"\b(?:(?:remov\w*|lift\w*|undo\w*|revert\w*|roll\w* back|delet\w*|withdraw\w*|cancel\w*|"
                           r"scrap\w*|take\w* (?:off|down)|get rid of)\s+(?:the |that |this |its |any |every |all )?"
                           r"(?:[^\s,;:.]+ )?|(?:stop|quit|cease)\w*\s+)$")
UNDONE_AT = re.compile(r"\S*\s+(?:\S+ ){0,2}?(?:by mistake|by accident|accidentally|in error)\b|"
                       r"\S*\s+(?:\S+ ){0,4}?(?:was|were|is|are) (?:a mistake|wrong|an error|in error|a bug|no longer needed|"
                       r"not needed)|\S*[^.;!?\n]{0,30}\b(?:undo|revert|roll back|remove|lift) (?:that|it|this|them)\b|"
                       r"(?:stop|quit|cease|end)\w*\s+(?:block|drop|filter|deny|deni|reject|discard|blackhol|isolat|throttl|cutt|"
                       r"kill|refus|ban)\w*ing\b")
"""A block word the text takes back, by the words right before it ("lift the block on A", "stop dropping") or from
it on ("the filter on A was a mistake", "whoever blocked it, undo that"): it asks traffic to flow."""


ONLY_EXCEPT = re.compile(rf"\b(?:{EXEMPTING}|but)\s*$")
ELSE_THAN = re.compile(r"\s+(?:any ?where|anything|any (?:\w+ ){0,2})\s*(?:else\s+)?(?:than|but|except(?: for)?|other than|"
                       r"apart from|besides|save)(?:\s+(?:via|through))?(?:\s+the)?$")
"""Between a waypoint cue and its node: "anywhere else than", the exception that a negated cue makes the only way."""
GOES = re.compile(VIA.pattern[:-2] + r"|go|goes|run|runs|travel\w*|flow\w*)$")
ONLY_WAY = re.compile(r"\b(?:nothing|none|nobody|never|no (?:traffic|packets?|flows?|routes?|paths?|sessions?)|"
                      r"(?:shall|must|may|should|will|can)(?: not|n't|not)|not (?:be )?(?:permitted|allowed))\b")
"""An exception word right before a waypoint cue, in a clause that forbids every other way, names the only way ("no
traffic ... except via C"); elsewhere it names one to avoid ("any way except via C")."""
CORRECTION = re.compile(r"\b(?:wait|actually|instead|scratch|rather|correction|i mean|i meant|on second thought|"
                        r"make (?:that|it)|change of plan|nvm|never ?mind|scrap that|forget that)\b|\bno\s*[:,]")
"""Words with which a writer takes back what they just asked ("block A to B... wait, no: allow A to B")."""
SPARED = re.compile(r"\s+(?:is|are|stays?|remains?|can stay|should stay)\s+(?:(?!not\b|never\b|no\b)\w+\s+)?"
                    r"(?:fine|ok|okay|allowed|permitted|needed|required)\b")
SPARED_BEFORE = re.compile(rf"\b(?:{EXEMPTING})\s+(?:the\s+)?$")
LET_BE = re.compile(r"\b(?:leave|leaving|let)\s+(?:the\s+)?$")
"""Around a protocol's word: the text lets that traffic be ("ping is fine", "everything except ssh", "leave ping alone")."""
EXCEPTION = re.compile(rf"\b(?:{EXEMPTING}|but not)\s+((?:(?!\b(?:must|should|shall|may|can|will|is|are|to|from|through|via|"
                       r"into|towards?)\b)[^,;:.!?\n]){1,60})")
"""An exception and its object, up to its clause's next verb or preposition ("other than the two hospitals", "all gNBs
except 7 and 8")."""
BACK_GROUP = re.compile(r"\b(?:those|these|said|such|the same)\s+(?!other\b)(?:two|three|four|both|\w+\s+)?[\w-]+")
"""A group named again by pointing back ("these two gNBs", "those cells"): the nodes named before, no others."""
LIST_AND = re.compile(r"\s*(?:,\s*(?:and|or)?|&|\band\b|\bor\b)\s*(?:the\s+)?")
LIST_LEAD = re.compile(r"\b(?:from|to|into|towards?|reach(?:es|ing)?)\s+(?:the\s+|both\s+|either\s+)?$")
"""A list of nodes ("edge-south and edge-east") and the preposition that gives all its members one part."""
LEAD_AGAIN = re.compile(r"\s*,?\s*(?:and|or)\s+(from|to|into|towards?)\s+(?:the\s+)?")
"""The list's preposition said again before its next member ("from hospital-1 and from hospital-2")."""
ANY_TARGET = re.compile(r"\b(?:to|towards?|into|reach\w*|hit\w*)\s+(?:any|all|every|everything|anything)\b|"
                        r"(?<!from )\b(?:anywhere|everywhere)\b|"
                        r"\b(?:all destinations|any destination|(?:whole|entire) (?:network|metro)|across the board|"
                        r"network-?wide|including)\b")
"""Words for every destination: an any -> any block needs one when the text names where the traffic goes."""
BOTH_WAYS = re.compile(r"\b(?:both ways|both directions|either direction|bidirectional\w*|vice versa|"
                       r"(?<=\bnor )the other way (?:round|around)|the other way (?:round|around)(?=\W+(?:as well|too|also)\b)|"
                       r"the reverse (?:direction )?(?:too|as well|also)|in reverse too|"
                       r"(?<=\band the same )(?:\w+ )?(?:the )?other way (?:round|around))\b")
"""A flow asked in both directions ("..., and yes, the other way round as well", "do the reverse too", "and the same limit
the other way round")."""
ONE_WAY = re.compile(r"\bone (?:way|direction)\b|\?")
"""A sentence that asks a flow one way only, or asks nothing (a question)."""
DOUBLE_ARROW = re.compile(r"<-+>|<=+>|↔|⇔")
"""Two nodes joined both ways ("fac1 <-> fac2 blocked"): a block or a limit each way (the translator writes one route
between them)."""
EACH_OTHER = re.compile(r"\b(?:each other|one another|between themselves|among themselves)\b")
"""Traffic among the nodes named, none of it to or from any other node."""
WHOLE = re.compile(r"\b(?:everything|anything|completely|entirely|totally|the rest of|whole network|all nodes|every node|"
                   r"(?:any|all|every)(?:one|body|thing)? else)\b")
"""Words for the rest of the network, beside the nodes a text names."""
ANY_SIDE = re.compile(r"\b(?:any|anywhere|anyone|anybody|everyone|everybody|every ?where|all sources|all destinations|"
                      r"the (?:internet|outside)|whoever|whatever|nobody|no ?one|inbound|incoming|outbound|outgoing|"
                      r"(?:every|all|any) other|others)\b")
"""Words that speak of traffic from or to any node, beside the nodes a text names."""
LEFT_ALONE = re.compile(r"\b(?:leave|leaving|let)\s+((?:(?!\balone\b)[^,;:.!?\n]){1,40})\s+alone\b")
GROUP_BUT = re.compile(r"\s+but\s+((?:(?!\b(?:must|should|shall|may|can|will|is|are|to|from|through|via|into|towards?)\b)"
                       r"[^,;:.!?\n]){1,40})")
"""Other exceptions: "... but leave the hospitals alone", and a "but" right after a group ("all sites but the campus")."""
SPELLED_RANGE = re.compile(r"([a-z]+)-(\d+)\s*(?:to|through|thru|until|-|–|\.\.)\s*\1-(\d+)\b")
"""Ids written as a range ("gnb-1 to gnb-6", "gnb-2..gnb-5")."""
OBJECT_LEAD = re.compile(r"\s*(?:(?:for|the|both|all|two|three|four)\s+)*")
"""What may stand between an exception word and the nodes it exempts ("except for the two hospitals")."""
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
COUNTS = "|".join([*NUMBER_WORDS[1:13], *ORDINALS, "both"])
VERDICT = re.compile(r":\s*(?:also\s+)?(no|off|never)(?=\s*(?:[.!]|$))")
"""A bare "no", "off" or "never" after a colon: a verdict on the flow before it."""
RELATIVE_VERDICT = re.compile(r",?\s*which\s+$")
"""Before an elided verdict ("..., which it shouldn't"): it judges only the clause it is attached to."""
ELIDED = re.compile(r"\b(?:they|it|that|this)\s+(?:must|should|shall|may)(?: not|n't|nt| never)"
                    r"(?: be able to| be(?: doing(?: that| it| so)?)?| do(?: that| it| so)?| happen(?: again)?)?"
                    r"(?=\s*(?:[.!;]|$))")
"""A verdict that leaves out the verb of the state told just before ("the hospitals can reach the port. They must not.", "This
must never happen again")."""
SAME_AGAIN = re.compile(r"(?:->|→|>)\s*(?:the\s+)?[\w-]+\s*[,:]?\s*(same|likewise|ditto|the same)(?=\s*(?:[.!;]|$))")
"""A flow followed by "same": the verdict of the sentence before, when that one blocks ("A -> B must never happen. B -> A,
same.")."""
ANY_PROTOCOL = re.compile(r"(?:\b(?:icmp|ping\w*|tcp|udp|sctp|gre|port\s*\d+|" + "|".join(APP_PORTS) + r")\b)")
"""Words that narrow a block to one protocol or port."""
ALL_TRAFFIC = re.compile(r"\b(?:all (?:\w+ )?(?:traffic|protocols|ports|flows|packets)|everything(?! else)|anything(?! else)|"
                         r"any (?:traffic|protocol|port)|"
                         r"every (?:protocol|port|packet|flow)|entirely|completely|fully|totally|altogether|all of it|"
                         r"whatever (?:the )?(?:protocol|port)|not just|not only|as well as|and (?:all|every)\w*|plus)\b")
"""Words that ask to stop every kind of traffic, or more than the protocol named."""
EVENTS = {event: re.compile(rf"\b(?:{words})") for event, words in {
    "ddos": r"ddos|d?dos\b|flood\w*", "anomaly": r"anomal\w*", "congestion": r"congest\w*|overload\w*",
    "link_down": r"link\w* (?:\S+ )?(?:down|fail\w*|los\w*)|outage|los(?:e|es|ing|t) (?:its |the |their |a )?(?:\w+ )?link",
    "latency_violation": r"latency"}.items()}
"""The words that name each trigger event of a ZTN rule."""
ALERT_ONLY = re.compile(r"\b(?:only|just|merely|simply)\s+(?:raise\s+|send\s+|fire\s+|open\s+)?(?:an?\s+)?"
                        r"(?:alert|alarm|notif\w*|warn\w*|page|ticket)\b|\balert(?:ing)? only\b")
"""A closed-loop rule that is to do no more than tell someone."""
PROTOCOL_WORDS = {"icmp": r"icmp|ping\w*|echo", **{f"{proto}/{port}": name for name, (proto, port) in APP_PORTS.items()}}


def _kind(node: str) -> str:
    """The kind of a numbered node ("hospital-1": "hospital"); the node itself when it has no number."""
    return re.sub(r"[-_ ]?\d+$", "", node)


def _plural(kind: str) -> str:
    return f"{re.escape(kind[:-1])}ies" if kind.endswith("y") else f"{re.escape(kind)}e?s"


class Reading:
    """What one text asks, read once: its sentences, where it names each node, where it asks traffic to stop
    or flow, and the waypoint sense and direction each node is written with."""

    def __init__(self, text: str, grounder: Grounder) -> None:
        self.t = t = fold(text)
        self.spans = grounder.spans(text, roles=True)
        self.grounder = grounder
        bounds = [0, *sentence_ends(t), len(t)]
        self.sentences = list(zip(bounds, bounds[1:]))
        self.where: dict[str, list[tuple[int, int]]] = {}
        for start, end, _, node in self.spans:
            self.where.setdefault(node, []).append((start, end))
        bounds = sorted({0, len(t), *(m.start() for m in ITEM.finditer(t))})
        bounds = sorted({*bounds, *(a + m.end() for a, b in zip(bounds, bounds[1:]) if ALREADY.search(t, a, b)
                                    for m in re.finditer(r"[,:]|\b(?:and|but|so)\b", t[a:b]))})
        self.items = list(zip(bounds, bounds[1:]))
        self.disposed = [(a, b) for k, (a, b) in enumerate(self.items)
                         if (DISPOSED.search(t[a:b].strip()) or self._already(k))
                         and not re.search(r"(?<!not )\bapproved\b", t[a:b])]
        for m in WITHDRAWN_ITEM.finditer(t):  # "1) block A -> B / 2) route C -> D / nvm the first one"
            n = int(m[2]) if m[2] else ORDINALS.index(m[1]) + 1 if m[1] in ORDINALS else int(m[1][0])
            self.disposed += [(a, b) for a, b in self.items if b <= m.start() and re.match(rf"\W*\(?{n}[.):]\s", t[a:b])]
        """The change items the text tells as done, rejected or deferred: context, not asks."""
        self.denials = self._denials()
        self.asks_flow = [m.span() for m in asserted(ASK_FLOW, t) if not self._kept_from(m.start())
                          and not NOUN_DENIED.match(t, m.start()) and (
            KEPT_FROM.search(t, max(0, m.start() - 60), m.start())  # a keeper taken back: "remove the rule that keeps"
            or not any(a <= m.start() < b for a, b in self.denials))]  # "must lose reachability" asks no flow
        self.asks_stop = [(a, b) for a, b in self.denials if self._asks_stop(a, b) or (a, b) in self.verdicts]
        """The denials that ask ("block", "must not reach"), not a noun ("no traffic") nor a fault ("can't reach")."""
        self.flows = sorted([m.span() for m in asserted(REACH, t) if not self._kept_from(m.start())]
                            + [m.span() for m in asserted(ROUTE_WORDS, t)])
        self.deletes = [m.span() for m in asserted(DELETE, t) if not self.told_done(m.start())
                        and not self._quoted_and_overruled(m.start())
                        and not WITHDRAWN_ASK.search(t, max(0, m.start() - 60), m.end())
                        and not (ASK_TO.search(t, max(0, m.start() - 30), m.start()) and HELD.match(t, m.end()))
                        and not CANCELLED.search(t, max(0, m.start() - 30), m.start())
                        and not (m[0] == "off" and (any(0 <= m.start() - e <= 1 for _, e, _, _ in self.spans)
                                                     or re.search(r"\bcall\w*\s+$", t[max(0, m.start() - 12):m.start()])))
                        and not NOT_REMOVAL.match(t, m.start()) and not PAST_REMOVAL.search(t, max(0, m.start() - 40), m.end())
                        and not DONE_AFTER.match(t, m.end())
                        and not self._member_removed(m.end())
                        and not TAKEN_BACK.match(t, m.end()) and not REDIRECTED.match(t, m.end())
                        and not self._member_taken_out(m) and not self._in_a_name(m)]
        exempt = {(start, end) for start, end, _, _ in self.spans if self._excepted(start, end)}
        self.excepted = {node for node, spots in self.where.items() if set(spots) & exempt and not any(
            self.covered(spot, self.denials) for spot in spots if spot not in exempt)}
        """Nodes the text exempts ("except gnb-4", "leave gnb-6 alone") and nowhere else asks to block."""
        kinds = self.kinds
        for m in EXCEPT_KIND.finditer(t):  # "every site except the two hospitals and the factories": each of them
            listed = re.split(r"[,;:.!?\n]|\b(?:must|should|shall|may|can|from|to|are|is)\b", t[m.end():m.end() + 80])[0]
            self.excepted |= {n for n in grounder.g for k in kinds if _kind(n) == k and n not in self.where
                              and re.search(rf"\b{_plural(k)}\b(?!\s*\d)", listed)}  # "the gnbs 1 to 3" is a range
            self.excepted |= self._exception_list(m.end())[0]
        self.waypoints = self._senses(self._waypoint)
        for node, senses in self.waypoints.items():  # "via core-1 - sorry, typo, I meant avoiding core-1": the last counts
            spots = self.where[node]
            if {"via", "avoid"} <= senses and (CORRECTION.search(t, spots[0][1], spots[-1][0])
                                               or re.search(r"\bremediation\b", t[spots[0][1]:spots[-1][0]])):
                self.waypoints[node] = {self._waypoint(*spots[-1])}
        self.written = self._senses(self._direction)
        self.english = in_english(t)

    @functools.cached_property
    def kinds(self) -> set[str]:
        """The kinds of numbered node the inventory has ("hospital", "gnb")."""
        return {_kind(n) for n in self.grounder.g if _kind(n) != n}

    def _exception_list(self, at: int) -> tuple[set[str], int]:
        """The nodes of the list an exception opens at ``at``: "except the factories, the port and
        the smart farm", "with the exception of gnb-1 to gnb-6" (a range, all of it), and where the list ends; a node the
        text names outside the list too is not taken, nor one that starts a clause of its own ("except gnb-4, and gnb-5
        must ...")."""
        t, out, first, last = self.t, set(), True, at
        while True:
            lo, at = at, OBJECT_LEAD.match(t, at).end()  # a span may hold its article ("the port")
            if r := SPELLED_RANGE.match(t, at):
                items = [f"{r[1]}-{n}" for n in range(int(r[2]), int(r[3]) + 1)] if 0 < int(r[3]) - int(r[2]) < 16 else []
                if not items or not set(items) <= set(self.grounder.g.nodes):
                    return out, last
                end = r.end()
            elif span := next((s for s in self.spans if lo <= s[0] <= at), None):
                items, end, at = [span[3]], span[1], span[0]
            elif said := next(((k, w) for k in self.kinds if (w := re.match(rf"{_plural(k)}\b(?!\s*\d)", t[at:]))), None):
                kind, word = said  # "gnbs 7 and 8" are numbers, not the kind
                items, end = [n for n in map(str, self.grounder.g) if _kind(n) == kind], at + len(word[0])
            else:
                return out, last
            if not first and MODAL_NEXT.match(t, end):
                return out, last
            out |= {n for n in items if all(at <= a < end for a, _ in self.where.get(n, ()))}
            first, last = False, end
            if not (sep := LIST_AND.match(t, end)) or not sep[0].strip(" "):
                return out, last
            at = sep.start() + len(sep[0].rstrip(" ").removesuffix("the").rstrip(" "))

    @functools.cached_property
    def excepted_only(self) -> set[str]:
        """The nodes of :attr:`excepted` the text names only inside its exceptions ("all hospitals except hospital 2"), or
        not at all (a member of an exempt range): not also as what another clause asks for ("... and a slice for
        hospital-2")."""
        return {node for node in self.excepted
                if all(any(a <= at < b for a, b, _ in self.exceptions) for at, _ in self.where.get(node, ()))}

    def _already(self, k: int) -> bool:
        """Whether item ``k`` tells a request already carried out, which no later item points back to ("blocked telnet
        A -> B already, block ssh there as well") and no question asks about ("Is A already blocked from B?")."""
        a, b = self.items[k]
        m = ALREADY.search(self.t, a, b + 200)  # a match starts in the item and ends a few words on: not the text's end
        if m is None or m.start() >= b or re.match(r"[^.;!\n]{0,60}\?", self.t[m.end():]):
            return False
        later = self.t[b:self.items[k + 1][1]] if k + 1 < len(self.items) else ""
        later = re.sub(rf"^\W*(?:(?:that|it|this)(?:'s| is| was| has been)\s+)?{STATUS}\b", "", later)  # "..., that's done"
        return not re.search(r"\b(?:it|them|there|that|again|as well|still)\b", later)

    def told_done(self, at: int) -> bool:
        return any(a <= at < b for a, b in self.disposed)

    def only_told_done(self, ends: list[str]) -> bool:
        """Whether the text names ``ends`` only in items it tells as done, rejected or deferred: every item that names
        them all is such an item, or (when none names them together) every mention of each is in one."""
        spots = [self.where[e] for e in ends]
        done = [(a, b) for a, b in self.disposed if all(any(a <= s < b for s, _ in m) for m in spots)]
        if any(SAME_PAIR.search(self.t, a, b) for a, b in self.items if (a, b) not in self.disposed
               and any(d[1] <= a for d in done)):
            return False  # "blocked telnet A -> B, that's done. Block ssh on the same pair"
        both = [(a, b) for a, b in self.items if all(any(a <= s < b for s, _ in m) for m in spots)]
        if both:
            return all(item in self.disposed for item in both)
        return all(self.told_done(s) for m in spots for s, _ in m)

    def _denials(self) -> list[tuple[int, int]]:
        """Where the text asks for traffic to stop: a block word no negation governs, or a negated reach word
        that no negated block or loss word turns back ("nothing should stop A from reaching B")."""
        t = self.t
        blocks = asserted(DENY, t) + [m for m in DENY.finditer(t) if negated(t, m.start()) and (
            run_on(t, m) or OTHER_OBJECT.match(t, m.end())
            and re.match(r"\W*not\s+(?:the|that|this|my)\b", _clause(t, m.start())))]
        out = [m.span() for m in blocks if not (UNDONE_BEFORE.search(t, max(0, m.start() - 40), m.start())
                                                or UNDONE_AT.match(t, m.start()))]
        for m in REACH.finditer(t):
            clause = _clause(t, m.start())
            if negated(t, m.start()) and not (LOSE.search(clause) or any(
                    negated(t, d.start()) for d in DENY.finditer(t, m.start() - len(clause), m.end() + 60)
                    if not SENTENCE.search(t, min(d.start(), m.start()), max(d.start(), m.start())))):
                out.append(m.span())
        return sorted(span for span in out + self.verdicts if not self._quoted_and_overruled(span[0]))

    @functools.cached_property
    def replaced(self) -> dict[str, str]:
        """Nodes the writer swaps for another right after naming them ("block gnb-2 to core-1, no wait, gnb-3 to core-1",
        "via agg-north no I mean via agg-east", "via agg-north. Actually, make that agg-south": a correction that opens its
        sentence swaps what the one before named): each replaced node and the node of its role said in its place."""
        out: dict[str, str] = {}
        role = lambda n: self.grounder.g.nodes[n].get("role") if n in self.grounder.g else None  # noqa: E731
        for m in REPLACING.finditer(self.t):
            lo, hi = self.sentences[self.sentence(m.start())]
            end = m.end() + re.search(r"[.;!?\n]|$", self.t[m.end():hi]).start()
            new = [n for a, _, _, n in self.spans if m.end() <= a < end]
            if not new or DENY.search(self.t, m.end(), end) or OTHER_ACTION.search(self.t, m.end(), end) or \
                    re.match(r"(?:just|only)\b", self.t[m.end():]) or re.search(r"\b(?:too|also|as well)\b", self.t[m.end():end]):
                continue  # "no wait, block gnb-3 instead" asks anew; "no wait, only what comes from C" narrows; "... too" adds
            said = [n for a, _, _, n in self.spans if lo <= a < m.start()]
            if not said and self.sentence(m.start()) > 0 and not self.t[lo:m.start()].strip(" \t,:;-").replace("actually", ""):
                prev = self.sentences[self.sentence(m.start()) - 1]  # "via agg-north. Actually, make that agg-south"
                said = [n for a, _, _, n in self.spans if prev[0] <= a < prev[1]]
            for n in new:
                old = next((o for o in reversed(said) if o not in new and role(o) and role(o) == role(n)), None)
                if old is not None and n not in said:
                    out[old] = n
        return out

    @functools.cached_property
    def moved_from(self) -> list[tuple[str, str]]:
        """The flows of a block the writer moves to another ("Not the A->B block, I meant B->A"): A -> B is not asked."""
        out = []
        for m in DENY.finditer(self.t):
            if negated(self.t, m.start()) and OTHER_OBJECT.match(self.t, m.end()):
                lo = m.start() - len(_clause(self.t, m.start()))
                named = [n for _, _, _, n in self.grounder.spans(self.t[lo:m.start()])]
                out += [(named[0], named[1])] if len(named) == 2 else []
        return out

    @functools.cached_property
    def verdicts(self) -> list[tuple[int, int]]:
        """Bare verdicts on the flow before a colon ("ssh into core-1 from the RAN: no."), not on a field ("Downtime: no.")."""
        out = []
        for m in VERDICT.finditer(self.t):
            line = re.split(r"[.;:!?\n]", self.t[:m.start()])[-1]
            if ANY_PROTOCOL.search(line) or any(0 <= m.start() - b < len(line) for _, b, _, _ in self.spans):
                out.append(m.span(1))
        for m in ELIDED.finditer(self.t):
            before = self.sentences[max(0, self.sentence(m.start()) - 1)]
            if REACH.search(self.t, before[0], m.start()):
                out.append(m.span())
        for m in SAME_AGAIN.finditer(self.t):  # "port -> campus must never happen. campus -> port, same."
            before = self.sentences[max(0, self.sentence(m.start()) - 1)]
            if any(not negated(self.t, d.start()) for d in DENY.finditer(self.t, before[0], before[1])):
                out.append(m.span(1))
        return sorted(out)

    def _asks_stop(self, a: int, b: int) -> bool:
        """Whether the denial at ``a``-``b`` asks traffic to stop: a block word not told as a state ("is being dropped")
        or a fault ("fails"), or a flow word under a negation that forbids ("must not reach", not "can't reach")."""
        t = self.t
        if (m := DENY.match(t, a)) and m.end() == b:  # not fullmatch: "SHALL NOT:" looks ahead to its colon
            fault = FAULT.fullmatch(t, a, b) and not re.search(r"\bto\s+$|\bmake\s+(?:it\s+|this\s+|that\s+)?$|"
                                                                r"\b(?:must|shall|should|has to|needs? to) be\s+$",
                                                                t[max(0, a - 12):a])  # "expect it to time out"
            return not fault and not STATE.search(t, max(0, a - 30), a)
        return bool(ASK_FLOW.fullmatch(t, a, b) and not TELLS_FAULT.search(" ".join(_clause(t, a).split()[-8:]))
                    and not SHOULD_BE.match(t, b))

    def quoted(self, at: int) -> bool:
        """Whether ``at`` is inside a quoted message ("Previous rule was 'isolate gnb-2 automatically'")."""
        return self._quote_around(at) is not None

    def _quote_around(self, at: int, quotes: re.Pattern[str] = QUOTE) -> re.Match[str] | None:
        return next((q for q in quotes.finditer(self.t) if q.start() < at < q.end()), None)

    def _quoted_and_overruled(self, at: int) -> bool:
        """Whether ``at`` is inside a quoted message that the writer then takes back ("Quoted: "block A". Correction: don't.")."""
        t = self.t
        if (quote := self._quote_around(at, MAIL_QUOTE)) is None:
            return False
        close = quote.end() - 1
        after = t[close:next((e for _, e in self.sentences if e > close + 3 and re.search(r"\w", t[close:e])),
                             len(t))]  # the next sentence, past a dash after the quote
        rest = t[close + len(after):]
        replaced = (m := re.search(r"[^.;!?\n]*\binstead\b", rest)) and DENY.search(m[0]) and \
            not any(close + len(after) + m.start() <= a < close + len(after) + m.end() for a, _, _, _ in self.spans)
        return bool(RETRACTED.search(after)) and not re.search(r"\bstill stands\b", t[close:]) and not replaced

    def _kept_from(self, at: int) -> bool:
        """Whether the reach word at ``at`` is kept from happening ("stop gnb-2 from reaching") by a keeper no undo
        word takes back ("lift the ban that prevents gnb-2 from reaching")."""
        t = self.t
        kept = KEPT_FROM.search(t, max(0, at - 60), at)
        return kept is not None and not KEEPER_UNDONE.search(t, max(0, kept.start() - 40), kept.start()) \
            and not negated(t, kept.start())  # "nothing stops hospital-1 from reaching edge-north" keeps nothing

    def _member_removed(self, at: int) -> bool:
        """Whether the removal word ending at ``at`` takes a node out of something ("remove hospital-2 from telemed")."""
        return any(at < start <= at + 5 and TAKEN_FROM.match(self.t, end) for start, end, _, _ in self.spans)

    def _member_taken_out(self, m: re.Match[str]) -> bool:
        """Whether a removal word takes a node out ("shuttle-net: take gnb-6 out", "telemed doesn't need hospital-2
        anymore"): a member, not the slice."""
        return m[0].startswith(("take", "took", "do")) and any(
            re.fullmatch(r"(?:take|took|don'?t need|do not need|doesn'?t need|does not need)\s+(?:the\s+)?", self.t[m.start():a])
            for a, _, _, _ in self.spans)

    def _in_a_name(self, m: re.Match[str]) -> bool:
        """Whether a removal word is part of a hyphenated name ("shuttle-net", "night-off"), not a word of its own."""
        return not m[0].startswith("tear") and bool(re.match(r"-\w", self.t[m.end():m.end() + 2])
                                                     or re.search(r"\w-$", self.t[max(0, m.start() - 2):m.start()]))

    def _excepted(self, start: int, end: int) -> bool:
        """Whether the text exempts the node named at ``start``-``end`` from what its clause does ("except gnb-4",
        "leave gnb-6 alone", "factory-2 should keep working", "..., factory 1 does not" after a block)."""
        if (cue := EXEMPT_BEFORE.search(self._head(start))) and ADDITIVE.match(cue[0]) and \
                TOO.search(re.split(r",\s*(?:and|but|then|plus)\b", self.t[end:self.sentences[self.sentence(start)][1]])[0]):
            return False  # "besides gnb-2, block gnb-3 too": gnb-2 is blocked as well
        if HANDS_OFF.search(self.t[max(0, start - 40):start]):
            return True  # "Rate limit gnb-3 to edge-north. Don't touch gnb-2.", not "gnb-1 must never touch core-1"
        if cue or EXEMPT_AFTER.match(self.t, end) or \
                re.search(r"\b(?:leave|leaving|let)\s+$", self.t[max(0, start - 10):start]) and ALONE.match(self.t, end):
            return True
        if ELLIPSIS.match(self.t, end):  # "gnb-2 shall reach factory-1; gnb-3 shall not": the opposite of the clause before
            before = self.t[max(0, start - WINDOW):start]
            return bool(DENY.search(before)) and not REACH.search(before[-40:])
        return False

    def sliced_plainly(self, node: str) -> bool:
        """Whether a sentence that asks a slice names ``node`` with no exception, negation nor hypothesis in it, and the
        sentences that exempt it speak of no slice ("... carries nothing except farm telemetry. Keep that alive with a
        slice at the smart farm": the farm is exempt only in a fact)."""
        def asked_there(at: int) -> bool:  # "a ... slice at the smart farm", in a sentence of no exception, negation or
            lo, hi = self.sentences[self.sentence(at)]  # hypothesis ("A slice at the farm would overload the backhaul")
            return not EXCEPT.search(self.t, lo, hi) and not NEGATION.search(self.t, lo, hi) and \
                not re.search(r"\b(?:would|could|might|already|pointless|tried|useless|no point)\b", self.t[lo:hi]) and \
                bool(re.search(r"\ban?\s+(?:[\w-]+\s+){0,4}slice\s+(?:at|in|on|for)\s+(?:the\s+|our\s+)?$", self.t[lo:at]))

        def sliced(at: int) -> bool:
            return "slice" in self.t[slice(*self.sentences[self.sentence(at)])]
        spots = self.where.get(node, [])  # the exception told before, where no slice is spoken of: in a fact
        exempt = [a for a, b in spots if self._excepted(a, b)]
        return not any(sliced(a) for a in exempt) and any(asked_there(at) and at > max(exempt, default=-1) for at, _ in spots)

    def sentence(self, at: int) -> int:
        return next(k for k, (lo, hi) in enumerate(self.sentences) if lo <= at < hi or k == len(self.sentences) - 1)

    @functools.cached_property
    def both_ways(self) -> list[re.Match[str]]:
        """The words that ask a flow in both directions ("..., and the reverse as well"), not those negated ("but not
        vice versa"; "nor the other way round" asks it) nor in a sentence that asks one way only or is a question."""
        return [m for m in BOTH_WAYS.finditer(self.t)
                if not (negated(self.t, m.start()) and not re.search(r"\bnor\s+$", self.t[:m.start()]))
                and not ONE_WAY.search(self.t[slice(*self.sentences[self.sentence(m.start())])])]

    def asked_both_ways(self, a: str, b: str) -> bool:
        """Whether the text asks the flow between ``a`` and ``b`` both ways: a :attr:`both_ways` word in a sentence that
        names both, or in the next one when that names no node ("Stop A from reaching B. Do the reverse too.")."""
        def named(k: int) -> bool:
            return k >= 0 and all(any(self.sentence(at) == k for at, _ in self.where.get(n, [])) for n in (a, b))

        def bare(k: int) -> bool:
            return not any(self.sentence(at) == k for at, _, _, _ in self.spans)
        return {a, b} in self.arrowed or \
            any(named(k := self.sentence(m.start())) or bare(k) and named(k - 1) for m in self.both_ways)

    @functools.cached_property
    def arrowed(self) -> list[set[str]]:
        """The pairs a :data:`DOUBLE_ARROW` joins (the node written just before it and the one just after), when the
        arrow is all the text says of their flow: each named once, in a sentence that asks nothing one way only
        ("gnb-1 <-> core-1 is flapping; block gnb-1 to core-1 only" asks one block)."""
        out = []
        for m in DOUBLE_ARROW.finditer(self.t):
            before = [n for _, e, _, n in self.spans if e <= m.start() and not self.t[e:m.start()].strip()]
            after = [n for a, _, _, n in self.spans if a >= m.end() and not self.t[m.end():a].strip()]
            sentence = self.t[slice(*self.sentences[self.sentence(m.start())])]
            if before and after and before[-1] != after[0] and all(len(self.where[n]) == 1 for n in (before[-1], after[0])) \
                    and not ONE_WAY.search(sentence) and not re.search(r"\bonly\b", sentence):
                out.append({before[-1], after[0]})
        return out

    def covered(self, mention: tuple[int, int], cues: list[tuple[int, int]], others: re.Pattern[str] = OTHER_ACTION) -> bool:
        """Whether a mention at ``at`` lies in the reach of one of ``cues``: in its sentence, with no other request
        or exception between ("block A, but let B through") and not already the object of an earlier other verb
        ("route A to B and block C"); in the sentence before when its own asks nothing ("Source: gnb-2."); or in
        a neighbouring sentence tied to it by an anaphor in the later one ("Block it.", "Same for agg-south.") or a
        forward one in the earlier ("Need this blocked. ssh from A to B")."""
        t, sentences = self.t, self.sentences
        at, end = mention
        i = self.sentence(at)
        lo, hi = sentences[i]

        def cues_in(k: int) -> list[tuple[int, int]]:
            return [(c, e) for c, e in cues if sentences[k][0] <= c < sentences[k][1]]

        for c, e in cues_in(i):
            between = t[e:at] if c < at else t[end:c]
            if c < at and (joint := list(NEW_CLAUSE.finditer(between))) and \
                    (clause := re.split(r"[,;:.!?]", t[e + joint[-1].end():hi])[0]) and \
                    CLAUSE_VERB.search(clause) and not ANAPHOR.search(clause):
                continue  # "A must not be reached from B, and the A -> C path should use the fewest hops": C is not B's
            if others.search(between) or ((x := list(EXCEPT.finditer(between))) and c < at and (not any(
                    e + x[-1].end() <= s0 < at for s0, _, _, _ in self.spans) or STILL.search(between, x[-1].end()))):
                continue  # "block A from all gNBs except gnb-4 to core-1": gnb-4 is the exception, core-1 is not
            if c > at and re.search(r"\bbut\b", between) and ASK_FLOW.search(re.split(r"[,;:]", t[max(lo, at - 40):at])[-1]) \
                    and any(c < s0 < hi for s0, _, _, _ in self.spans) and not PRONOUN.search(t, e, hi):
                continue  # "A must reach B but must never reach C": B is the object of reach, not of the never
            if c > at and NEXT_CLAUSE.search(between) and not ANAPHOR.search(t, c, e + 6) and self._asks_own(at, end):
                continue  # "permit A -> B, deny A -> C": the deny is C's ("A -> B, deny tcp 445": it is A -> B's)
            if c > at and (which := RELATIVE_VERDICT.search(between)) and \
                    (joins := list(re.finditer(r"\b(?:and|but)\b|;", between[:which.start()]))) and \
                    any(end + joins[-1].end() <= s0 < end + which.start() for s0, _, _, _ in self.spans) and \
                    REACH.search(between, joins[-1].end(), which.start()):
                continue  # "A can't reach B and C reaches D, which it shouldn't": the verdict is C -> D's
            if c > at and (verbs := list(others.finditer(t, max(lo, at - WINDOW), at))) and \
                    not re.search(r"[,;:]|\band\b", t[verbs[-1].end():at]) and \
                    not ANAPHOR.search(re.split(r"[,;:]|\band\b", t[end:c])[-1] + t[c:c + 15]):
                continue  # "route the stadium to cloud-dc and block campus": the stadium is the route's
            return True
        own, j = t[lo:hi], i
        if i > 0 and t[sentences[i - 1][1] - 1:sentences[i - 1][1]] == "?" and AGREED.match(own) and cues_in(i - 1) and \
                not (ASK_FLOW.search(t, lo, at) or DENY.search(t, lo, at) or others.search(t, lo, at)):
            return True  # "blocking udp from A to the edges? udp yes, but only toward edge-north": the answer takes the ask
        while j > 0 and not self._asks(own, others):
            j -= 1  # a sentence that asks nothing continues the one before
            own = t[slice(*sentences[j])]
            if any(not self.told_done(c) for c, _ in cues_in(j)) or cues_in(j) and BACKREF.search(t, lo, hi):
                return True  # a done item's only when pointed back to ("(1) done - ssh blocked A (2) open - same for B")
        # the anaphor is in the later of the two ("A to core-2. Block it.", "Block A. Same for agg-south."), or points
        # forward from the earlier ("Need this blocked. ssh from A to B."); after a question, a reply that asks nothing
        # is skipped ("... reach B on ssh? Absolutely not. Block it.")
        after = i + 1  # after a question, its reply; after a "no", the facts it gives ("Is X still used? No - flat since
        while (t[lo:hi].rstrip().endswith("?") or i + 1 < len(sentences) and  # June. So delete it.")
               JUDGED.fullmatch(t[slice(*sentences[i + 1])])) and after + 1 < min(len(sentences), i + 4) and \
                not cues_in(after) and not self._asks(t[slice(*sentences[after])], others) and \
                (after == i + 1 or not self._names(after) and NO_REPLY.match(t, *sentences[i + 1]) and
                 not re.search(r"\bslice\b|[a-z0-9]-[a-z]", t[slice(*sentences[after])])):
            after += 1
        reply = after > i + 1
        if after + 1 < len(sentences) and not reply and not cues_in(after) and cues_in(after + 1) and \
                not self._asks(t[slice(*sentences[after])], others) and not self._names(after) and \
                PRONOUN.search(t, *sentences[after + 1]):
            after += 1  # "the farm can't get to core-2. and it needs to. fix it.": the middle one only agrees
        return any(0 <= k < len(sentences) and any(not self.told_done(c) for c, _ in cues_in(k)) and
                   ((ANAPHOR if k < i else BACKREF).search(t[slice(*sentences[max(i, k)])]) or
                    k < i and FORWARD.search(t[slice(*sentences[k])]) or
                    k > i and len(t[slice(*sentences[k])].split()) <= 2)
                   for k in (i - 1, after))  # a bare verdict after what it judges: "everything from A to B — deny"

    def _names(self, k: int) -> bool:
        return any(self.sentence(a) == k for a, _, _, _ in self.spans)

    @staticmethod
    def _asks(sentence: str, others: re.Pattern[str]) -> bool:
        if re.fullmatch(r"\W*(?:open|done|todo|to do|pending|new|wip|in progress)\W*", sentence):
            return False  # "(2) open - same for gnb-4": the item's status
        return bool(DENY.search(sentence) or REACH.search(sentence) or others.search(sentence))

    def _asks_own(self, start: int, end: int) -> bool:
        """Whether the comma clause of the mention at ``start``-``end`` asks something of its own ("permit A -> B",
        "A -> B via C"), so that a cue opening the next clause is not its ("A -> B, block tcp 445" asks nothing before
        the block)."""
        lo, hi = self.sentences[self.sentence(start)]
        own = re.split(r"[,;:]", self.t[lo:start])[-1] + " " + re.split(r"[,;:]", self.t[end:hi])[0]
        return bool(OWN_ASK.search(own) or OTHER_ACTION.search(own))

    @functools.cached_property
    def _ending(self) -> dict[int, tuple[int, int, str, str]]:
        """The first mention ending at each offset: :meth:`_head` steps back over a list through them at once, not by a
        scan of every mention (a 4,000-character list read 1,197 heads in 4 s)."""
        out: dict[int, tuple[int, int, str, str]] = {}
        for s in self.spans:
            out.setdefault(s[1], s)
        return out

    def _head(self, start: int) -> str:
        """The text before the list a mention at ``start`` belongs to ("via agg-east and core-1": "... via")."""
        origin = max(0, start - WINDOW)
        head = self.t[origin:start]
        head = _unglued(head)
        while (prev := self._ending.get(origin + len(head.rstrip()))) and prev[1] <= start:
            head = _unglued(head[:prev[0] - origin])  # skip back over the earlier members of the list
        return head

    def _senses(self, sense: Callable[[int, int], str | None]) -> dict[str, set[str | None]]:
        out: dict[str, set[str | None]] = {}
        for start, end, _, node in self.spans:
            out.setdefault(node, set()).add(sense(start, end))
        return out

    def _waypoint(self, start: int, end: int) -> str | None:
        """"via" or "avoid": the cue right before the node or before the list it is part of ("via agg-east and
        core-1", "avoiding D", "through agg-north, not agg-south"), or right after it ("agg-north is off limits")."""
        t = self.t
        if HOP_BEFORE.search(t, max(0, start - 6), start) and HOP_AFTER.match(t, end) or \
                re.match(r"\s+as (?:a |the |its )?(?:waypoint|transit|hop)\b", t[end:end + 20]):
            return "via"  # "gnb-1 -> agg-east -> core-1": a hop of the path written out; "agg-south as a waypoint"
        if (m := NOT_THE_OTHER.match(t, end)) and any(a == m.end() for a, _, _, _ in self.spans) and \
                not negated(t, start) and not AVOID.search(self._head(start)):
            return "via"  # "A to B: agg-south, not agg-east": the one named against the other is the way
        head, origin = self._head(start), max(0, start - WINDOW)
        if (x := ELSE_THAN.search(head)) and GOES.search(head, 0, x.start()) and negated(head, x.start(), words=14):
            return "via"  # "must not pass anywhere else than agg-south": agg-south is the only way
        cue = AVOID.search(head) or re.search(r"\bno\s+$", t[origin:start])  # "no agg-north", not "via C, no, agg-north"
        if cue and STOPPED.search(t, max(0, origin + cue.start() - 80), origin + cue.start()):
            return None  # "stop steering factory-2 around agg-east": the avoid is taken back
        at = origin + cue.start() if cue else start
        if cue and DETOUR_VERB.fullmatch(cue[0]) and NOT_DETOUR.search(t, max(0, at - 30), at):
            return "via"  # "the route must not bypass agg-north", "don't skip agg-north", "it must not go around core-2"
        if cue or AVOIDED_AFTER.search(t[end:end + 60]):
            return "avoid"
        if (m := VIA.search(head)) is None:
            return None
        region = head[:m.start()]  # "except through C", "don't route A to B via C", "never through C"
        if (prev := list(WAYPOINT.finditer(region))) and not FILLER.fullmatch(region[prev[-1].end():]):
            region = region[prev[-1].end():]  # "not through C via D": the negation is the earlier cue's
        if (x := ONLY_EXCEPT.search(region)) and ONLY_WAY.search(re.split(r"[,;:]", region[:x.start()])[-1]):
            return "via"  # "nothing from A goes to B except via C": via C and no other way
        lead = " ".join(re.split(r"[,;:]", region)[-1].split()[-3:])
        return "avoid" if negated(region, len(region), words=14) or re.search(AVOID.pattern[:-1] + r"\b", lead) else "via"

    def _direction(self, start: int, end: int) -> str | None:
        """"src" after "from", "dst" after "to", "into", "towards", "->"."""
        head = self._head(start).rstrip()
        if FROM.search(head) and not NOT_A_SOURCE.search(head) or SENDS.match(self.t, end):
            return "src"
        return "dst" if TO.search(head) or RECEIVES.match(self.t, end) else None

    def reversed(self, ir: dict[str, Any]) -> bool:
        """Whether the text writes the intent's destination only as a source and its source only as a destination
        (or one of them so, the other ``any`` or the same): "block telnet from every site" read as any -> role:site
        or as role:site -> role:site."""
        swapped = (self.written.get(ir["src"]) == {"dst"}) + (self.written.get(ir["dst"]) == {"src"})
        return swapped == 2 or (swapped == 1 and ("any" in (ir["src"], ir["dst"]) or ir["src"] == ir["dst"]))

    @functools.cached_property
    def enumerations(self) -> list[tuple[list[str], tuple[int, int]]]:
        """The numbered groups the text writes ("gNBs 1 to 3"), each with its nodes and where it stands; read only when
        an intent's ends are judged."""
        return self.grounder.enumerations(self.t)

    @functools.cached_property
    def numbered(self) -> list[tuple[int, int]]:
        """Where the text writes numbered groups; read only when a role end is judged."""
        return [span for _, span in self.enumerations]

    def one_range(self, a: str, b: str) -> bool:
        """Whether the text names ``a`` and ``b`` only as members of one numbered group ("cells 6 to 8 accept SSH from
        anywhere"), which asks of each member, never of traffic between two of them ("each other" would)."""
        spans = [span for nodes, span in self.enumerations if a in nodes and b in nodes and len(nodes) > 2
                 and not re.search(r"\bbetween\s+$", self.t[max(0, span[0] - 9):span[0]])]
        return bool(spans) and a != b and not EACH_OTHER.search(self.t) and not any(
            not any(lo <= s < hi for lo, hi in spans) for n in (a, b) for s, _ in self.where.get(n, []))

    def listed_together(self, a: str, b: str) -> bool:
        """Whether the text names ``a`` and ``b`` only side by side in one list after a preposition ("quarantine
        factory-2 from edge-south and edge-east", "do the same for campus and port"): one part of the request for both,
        never traffic between them."""
        if a == b or EACH_OTHER.search(self.t) or BOTH_WAYS.search(self.t) or a not in self.where or b not in self.where:
            return False
        spans = sorted((s, e, n) for s, e, _, n in self.spans)
        runs: list[list[tuple[int, int, str]]] = []
        for k, span in enumerate(spans):
            if k and (LIST_AND.fullmatch(self.t, spans[k - 1][1], span[0]) or (
                    (again := LEAD_AGAIN.fullmatch(self.t, spans[k - 1][1], span[0])) and
                    (lead := LIST_LEAD.search(self.t, max(0, runs[-1][0][0] - 30), runs[-1][0][0])) and
                    lead[0].split()[0] == again[1])):  # "from hospital-1 and from hospital-2"
                runs[-1].append(span)
            else:
                runs.append([span])
        listed = [run for run in runs if LIST_LEAD.search(self.t, max(0, run[0][0] - 30), run[0][0])
                  and re.search(r"\b(?:and|or)\b|&", self.t[run[0][1]:run[-1][0]])]  # "From the stadium, cloud-dc ..." is none
        return any({a, b} <= {n for _, _, n in run} for run in listed) and all(
            any(any(s == at for s, _, _ in run) for run in listed) for n in (a, b) for at, _ in self.where[n])

    def sibling_for(self, node: str) -> str | None:
        """The numbered node of the same kind the text names where an intent has ``node``, which it never speaks of: not
        by name, number ("hospital 1"), a numbered group ("cells 6 to 8"), its kind ("either hospital", "the hospitals")
        nor its role's group ("every site"): "every edge except edge-north must not reach hospital-2" says nothing of
        hospital-1."""
        kind = _kind(node)
        if kind == node or node not in self.grounder.g or node in self.where:
            return None
        listed = [n for nodes, _ in self.enumerations for n in nodes]
        named = [n for n in [*self.where, *listed] if n != node and _kind(n) == kind]
        number = node.rsplit("-", 1)[1]
        ordinal = ORDINALS[int(number) - 1] if int(number) <= len(ORDINALS) else "other"
        said = (rf"\b(?:{_plural(kind)}|(?:either|neither|both|each|any|all|every|two|other|sister|twin|{ordinal}|"
                rf"northern|southern|eastern|western|north|south|east|west)\s+{re.escape(kind)})\b|"
                rf"\b{re.escape(kind)}\W{{0,3}}(?:{number}|{NUMBER_WORDS[int(number)]})\b|\bits (?:twin|sister|sibling)\b")
        some, this = rf"(?:\d+|{'|'.join(NUMBER_WORDS[1:13])})", rf"(?:{number}|{NUMBER_WORDS[int(number)]})"
        glue = rf"\s*(?:to|through|thru|-|–|and|,|or|&)\s*(?:{re.escape(kind)}[- ]?)?"
        quantity = r"(?![.,]\d|\s*(?:hundred|thousand|[kmgt]?b|gig|meg|ms\b|%|per|and an? (?:half|quarter)|point))"
        # "gnb six seven and eight", "cells 3-4-5"; not the number of another node's id ("hospital-1 to factory-2")
        run = rf"(?<![\d.])(?<![a-z]-)\b(?:{some}{glue}{this}|{this}{glue}{some})\b{quantity}"
        masked = self._masked([m.span() for m in BACK_GROUP.finditer(self.t)])  # "gnb-4 ... those cells": no other cell
        spans = (range(int(m[1]), int(m[2]) + 1) for m in re.finditer(
            rf"\b{re.escape(kind)}[- ]?(\d+)\s*(?:to|through|thru|until|-|–|\.\.)\s*(?:{re.escape(kind)}[- ]?)?(\d+)\b", self.t))
        if not named or re.search(said, masked) or re.search(run, self.t) or node in listed or \
                any(int(number) in span for span in spans):
            return None  # "cap gnb-3 to gnb-5 towards the cloud" names gnb-4
        roles = [role for role in GROUP if node in resolve(self.grounder.g, role)]
        return None if any(GROUP[role].search(masked) for role in roles) else named[0]  # "gnb-3 to gnb-5" says gnb

    @functools.cached_property
    def denied_objects(self) -> set[str]:
        """The nodes right after the words that ask traffic to stop ("must never reach the stadium", "must not be reached
        from the stadium", "block the farm"), when each such word has one; empty when any has none ("deny ssh from A")."""
        out, spans = set(), self._ordered_spans
        for _, b in self.asks_stop:
            if (k := self._node_after(b, DENIED_OBJECT, 30)) is None:
                return set()
            out.add(spans[k][3])
            while k + 1 < len(spans) and OBJECT_LIST.fullmatch(self.t, spans[k][1], spans[k + 1][0]):
                k += 1  # "reach factory-1 or factory-2", "block the farm and the port"
                out.add(spans[k][3])
        return out

    @functools.cached_property
    def _ordered_spans(self) -> list[tuple[int, int, str, str]]:
        return sorted(self.spans)

    def _node_after(self, at: int, glue: re.Pattern[str], reach: int) -> int | None:
        """The index in :attr:`_ordered_spans` of the first node within ``reach`` characters after ``at`` with only
        ``glue`` between (the object of a stop word: "reach the stadium"); None when there is none."""
        return next((k for k, (s, _, _, _) in enumerate(self._ordered_spans) if at <= s <= at + reach
                     and glue.fullmatch(self.t, at, s)), None)

    def named_instead(self, node: str, ir: dict[str, Any]) -> str | None:
        """The sibling of ``node`` that the clause blocking the intent's other end names in its place, when the text
        names ``node`` only through a group elsewhere ("Both hospitals -> the cloud must avoid C, and hospital-1 must
        never reach the port" blocks hospital-1 alone)."""
        kind, other = _kind(node), ir["dst"] if node == ir["src"] else ir["src"]
        if kind == node or node in self.where or other not in self.where or \
                any(node in nodes for nodes, _ in self.enumerations) or EXCEPT.search(self.t):
            return None
        group = self.group_words(node)
        for a, b in self.denials:
            lo = max([0, *(m.end() for m in CLAUSE_END.finditer(self.t, 0, a))])
            hi = next((m.start() for m in CLAUSE_END.finditer(self.t, b)), len(self.t))
            named = {n for s, _, _, n in self.spans if lo <= s < hi}
            siblings = [n for n in named if n != node and _kind(n) == kind]
            if other in named and siblings and not group.search(self.t, lo, hi):
                return siblings[0]
        return None

    @functools.cached_property
    def detours(self) -> dict[tuple[int, int], str]:
        """The denials whose object is a node the text has traffic avoid ("A -> B must not touch core-1"), each with
        that node: they keep a flow off a node, they block no flow."""
        out = {}
        for a, b in self.denials:
            if (k := self._node_after(b, THE, 25)) is not None and \
                    self.waypoints.get(node := self._ordered_spans[k][3], set()) - {None} == {"avoid"}:
                out[(a, b)] = node
        return out

    def whole_group_of(self, node: str, used: set[str]) -> str | None:
        """The role group the text names where an intent has one of its members, ``node``, that the text never names,
        with no exception and no other member named by the text or ``used`` by the intents ("No base station may telnet
        into the cloud" read as gnb-1; "both core routers" read as core-1 and core-2 is the group)."""
        if node not in self.grounder.g or node in self.where or EXCEPT.search(self.t) or \
                any(node in nodes for nodes, _ in self.enumerations):
            return None
        masked = self._masked()
        groups = [role for role in ROLE_WORDS if node in resolve(self.grounder.g, role) and (role in self.where or any(
            WHOLE_GROUP.search(masked, max(0, m.start() - 20), m.start()) for m in GROUP[role].finditer(masked)))]
        if not groups or any(n in self.where or n in used for n in resolve(self.grounder.g, groups[0]) if n != node):
            return None
        return groups[0]

    def _masked(self, more: Iterable[tuple[int, int]] = ()) -> str:
        """The text with the nodes it names and its numbered groups (and ``more``) blanked out: what is left speaks
        of groups, if anything does."""
        t = list(self.t)
        for start, end in [*((a, b) for a, b, _, n in self.spans if not n.startswith("role:")), *self.numbered, *more]:
            t[start:end] = " " * (end - start)
        return "".join(t)

    def spoken_of(self, role: str) -> bool:
        """Whether the text speaks of ``role`` as a group: a word of it outside the nodes and the numbered groups it
        names ("edge-south" is no group of edges, "gNBs 1 to 3" no RAN), or every member by name."""
        if role not in ROLE_WORDS or set(resolve(self.grounder.g, role)) <= set(self.where):
            return True
        masked = self._masked()
        return any(not re.search(r"\b(?:those|these|said|such)\s+(?:\w+\s+)?$|\b(?:first|last|next|other|remaining)\s+"
                                 r"(?:two|three|four|five|six|\d)\s+$", masked[max(0, m.start() - 20):m.start()])
                   for m in GROUP[role].finditer(masked))  # "each of those base stations", "the first two gNBs": some

    def paired(self, ir: dict[str, Any], cues: list[tuple[int, int]], others: re.Pattern[str]) -> bool:
        """Whether one sentence names both ends of ``ir`` in the reach of ``cues`` (:meth:`covered`)."""
        return self.last_paired(ir, cues, others) >= 0

    def last_paired(self, ir: dict[str, Any], cues: list[tuple[int, int]], others: re.Pattern[str]) -> int:
        """The last sentence that names both ends of ``ir`` in the reach of ``cues``; -1 when none does."""
        def spots(node: str) -> set[int]:
            return {self.sentence(m[0]) for m in self.where.get(node, []) if self.covered(m, cues, others)}
        return max((k for k in spots(ir["src"]) & spots(ir["dst"]) if not self._tied_only(k, ir, cues)), default=-1)

    def _tied_only(self, k: int, ir: dict[str, Any], cues: list[tuple[int, int]]) -> bool:
        """Whether sentence ``k`` has no cue of its own and the next, which has one and points back to it, names a node
        besides ``ir``'s ends: "hospital-1 and hospital-2 must talk. Both must never reach the farm." blocks each of them
        toward the farm, not one from the other."""
        if k + 1 >= len(self.sentences) or any(self.sentence(c) == k for c, _ in cues):
            return False
        return any(self.sentence(c) == k + 1 for c, _ in cues) and \
            any(self.sentence(a) == k + 1 and n not in (ir["src"], ir["dst"]) for a, _, _, n in self.spans)

    def overruled(self, ir: dict[str, Any]) -> bool:
        """Whether the writer takes back a block of all traffic between ``ir``'s ends: a later sentence asks it to flow
        the same way, with a correction word before that ask ("block all from the port into edge-north... wait. no:
        allow port to edge-north"); a block of one protocol is no such thing ("block telnet ... still reach it over ssh")."""
        if ir.get("protocol") or ir.get("port"):
            return False
        stop, flow = self.last_paired(ir, self.asks_stop, AFTER_DENIAL), self.last_paired(ir, self.asks_flow, AFTER_FLOW)
        if not 0 <= stop < flow:
            return False
        lo, hi = self.sentences[flow]
        ask = next((a for a, _ in self.asks_flow if lo <= a < hi), hi)  # or in a sentence tied to it ("... Allow that.")
        same_way = all(self._direction(a, b) != wrong for node, wrong in ((ir["src"], "dst"), (ir["dst"], "src"))
                       for a, b in self.where[node] if lo <= a < hi)
        return same_way and bool(CORRECTION.search(self.t, self.sentences[stop][1], max(ask, lo + 1)))

    def named_for_any(self, ir: dict[str, Any]) -> list[str]:
        """The nodes the text names on the ``any`` side of a block, in a sentence that asks to stop traffic to or from
        its other end, when it speaks of no "any" there ("block the stadium from reaching core-1" read as any -> core-1,
        "block hospital-2 from reaching factory-2" as hospital-2 -> any)."""
        if "any" not in (ir["src"], ir["dst"]) or ir["src"] == ir["dst"] or ANY_SIDE.search(self.t):
            return []
        side, other = ("src", ir["dst"]) if ir["src"] == "any" else ("dst", ir["src"])
        clauses = [self._clause_around(a, b) for a, b in self.where.get(other, [])
                   if self.covered((a, b), self.asks_stop, AFTER_DENIAL)]
        return sorted(n for n, spots in self.where.items() if n != other and n not in self.excepted
                      and not self.waypoints.get(n, set()) - {None} and self.written.get(n, set()) - {None} == {side}
                      and any(lo <= a < hi and self.covered((a, b), self.asks_stop, AFTER_DENIAL)
                              for a, b in spots for lo, hi in clauses))

    def _clause_around(self, start: int, end: int) -> tuple[int, int]:
        """The clause of a mention: between the commas, colons or semicolons around it, within its sentence."""
        lo, hi = self.sentences[self.sentence(start)]
        before = [m.end() for m in re.finditer(r"[,;:]", self.t[lo:start])]
        after = re.search(r"[,;:]", self.t[end:hi])
        return lo + (before[-1] if before else 0), end + after.start() if after else hi

    def unblocked(self, ir: dict[str, Any]) -> bool:
        """Whether a sentence after the last that asks to stop the traffic between ``ir``'s ends says it is not to be
        blocked ("block everything from A to B... no, scrap that. A -> B is to be rate-limited, not blocked")."""
        kept = [m.span() for m in DENY.finditer(self.t) if negated(self.t, m.start())
                and NOT_TO_BE.search(self.t, max(0, m.start() - 50), m.start())
                and not re.search(r"\b(?:still|yet)\b|\?", self.t[max(0, m.start() - 30):m.end() + 6])]
        return self.last_paired(ir, kept, NOTHING) > self.last_paired(ir, self.asks_stop, AFTER_DENIAL) >= 0

    def kept_working(self, ir: dict[str, Any]) -> bool:
        """Whether the text asks the traffic between ``ir``'s ends to keep flowing ("block it, but keep port -> cloud
        working"): both named between the "keep" and its "working"."""
        return any(all(any(m.start() < a < m.end() for a, _ in self.where.get(e, [])) for e in (ir["src"], ir["dst"]))
                   for m in KEPT_WORKING.finditer(self.t) if not negated(self.t, m.start()))

    def restored(self, ir: dict[str, Any]) -> bool:
        """Whether the text asks for the traffic between ``ir``'s ends back ("A can't reach B since this morning, fix it",
        "restore connectivity") and nowhere asks to stop it: what it tells of them is a fault."""
        restores = [(a, b) for a, b in self.asks_flow if (m := RESTORES.match(self.t, a)) and m.end() == b]
        if not self.paired(ir, self.denials, AFTER_DENIAL) or self.paired(ir, self.asks_stop, AFTER_DENIAL):
            return False
        if restores and self.paired(ir, restores, AFTER_FLOW):
            return True
        return bool(REPAIR.search(self.t)) and self.paired(ir, self.faults, AFTER_DENIAL)

    @functools.cached_property
    def faults(self) -> list[tuple[int, int]]:
        """The denials that tell of a fault ("A can't reach B"), not of the state wanted ("A should not reach B")."""
        return [(a, b) for a, b in self.denials if (CANT.search(" ".join(_clause(self.t, a).split()[-4:]))
                                                    or (SHOULD_BE.match(self.t, b) and not DENY.match(self.t, a)))
                and not TARGET_STATE.search(self.t, self.sentences[self.sentence(a)][0], a)]

    @functools.cached_property
    def complaints(self) -> list[tuple[int, int]]:
        """The faults told as news ("gnb-3 cant reach stadium anymore??") before the text asks for that flow, which ask
        it back, not a block; "it cannot reach hospital-2" in a specification is a state wanted, and so is one told
        after the flow or beside an undo ("Revert that: gnb-3 can't reach the stadium since the match is over")."""
        t, out = self.t, []
        for a, b in self.faults:
            k = self.sentence(a)
            lo, hi = self.sentences[k][0], self.sentences[min(k + 1, len(self.sentences) - 1)][1]
            if COMPLAINT.match(t, b) and any(f > b for f, _ in self.asks_flow) and not UNDOING.search(t, *self.sentences[k]) \
                    and not WANTED.search(t, lo, hi) and not CHECKED.search(t, lo, a):
                out.append((a, b))
        return out

    @functools.cached_property
    def no_slice_at(self) -> set[str]:
        """The nodes the text asks no slice at ("NO slice at the campus after all"), not those it tells have none yet."""
        return {node for m in NO_SLICE.finditer(self.t) for a, _, _, node in self.spans
                if m.end() - 4 <= a <= m.end() and not NOT_YET.match(self.t, a)}  # the span may hold "the"

    @functools.cached_property
    def deferred_services(self) -> set[str]:
        """The services whose slices the text names only in sentences that put them off (:data:`DEFERRED`)."""
        sentences = [s for s in re.split(r"[.;!?\n]", self.t) if s.strip()]
        said = [(service, bool(DEFERRED.search(s))) for s in sentences for service, words in SERVICE_SAID.items()
                if words.search(s)]
        return {service for service, put_off in said if put_off} - {service for service, put_off in said if not put_off}

    @functools.cached_property
    def autonomy(self) -> tuple[bool, bool]:
        """Whether the text asks a closed-loop rule to act on its own (a word for it that no negation governs, outside
        quotes and warnings), and whether it asks to be asked first ("approval", or "but not automatically")."""
        t = self.t
        automatic = [a for a in AUTOMATIC.finditer(t) if not (self.quoted(a.start()) or RISKY.match(t, a.end()))]
        inside = {i for a in automatic for i in range(*a.span())}  # "no need to ask" asks for no approval
        ask = ASK_FIRST_ALWAYS.search(t) or any(m.start() not in inside for m in asserted(ASK_FIRST, t)) or \
            any(negated(t, a.start()) for a in automatic)  # "isolate it, but not automatically"
        return not all(negated(t, a.start()) for a in automatic), bool(ask)

    @property
    def acts_alone(self) -> bool:
        """Whether the text plainly asks a closed-loop rule to act without asking ("reroute automatically", "operator
        approval is not required") and nowhere to be asked first: stricter than :attr:`autonomy` ("closed-loop
        policy", "immediately" say nothing of approval)."""
        t = self.t
        return not self.autonomy[1] and any(
            not (self._quote_around(a.start(), MAIL_QUOTE) or RISKY.match(t, a.end()) or negated(t, a.start())
                 or re.match(r"[^.;!?\n]*\?", t[a.end():])) for a in ACTS_ALONE.finditer(t))  # not in a question

    def keeps(self, name: str) -> bool:
        """Whether the text asks, unnegated, that the slice ``name`` stay ("I was wrong, keep surgery-a", "robot-cell-a
        stays, don't touch it")."""
        name = re.escape(name)
        kept = re.compile(rf"\b(?:keep|leave|retain|preserve|spare|don't touch|do not touch)\s+(?:the\s+)?(?:slice\s+)?{name}"
                          rf"(?:\s+slice)?(?:\s+(?:running|alive|up|as is|in place|going|untouched))?(?=\s*(?:[,.;!)]|and\b|$))|"
                          rf"(?<![\w-]){name}(?:\s+slice)?\s+(?:stays|remains|is staying|can stay|should stay|must stay|"
                          rf"is kept|to be kept)(?:\s+as is)?(?=\s*(?:[,.;!)(]|and\b|$))")
        return any(not negated(self.t, m.start()) for m in kept.finditer(self.t))

    def only_a_fault(self) -> bool:
        """Whether all the text asks of traffic is that a fault be repaired ("the campus can't get to edge-east.
        Whatever it takes, fix it."): any block goes against it."""
        return bool(self.faults) and not self.asks_stop and bool(REPAIR.search(self.t))

    def among_themselves(self, ir: dict[str, Any]) -> bool:
        """Whether the text asks to stop traffic among the nodes it names ("the hospitals must not reach each other"): "each
        other" in a sentence that names the block's end and asks to stop traffic, with no word for the rest of the network."""
        if ANY_SIDE.search(self.t) or WHOLE.search(self.t):
            return False
        end = ir["dst"] if ir["src"] == "any" else ir["src"]
        return any((end not in self.where or any(lo <= a < hi for a, _ in self.where[end]))  # "the hospitals" names no node
                   and any(lo <= a < hi for a, _ in self.asks_stop)
                   for m in EACH_OTHER.finditer(self.t) for lo, hi in [self.sentences[self.sentence(m.start())]])

    def alert_only(self, ir: dict[str, Any]) -> bool:
        """Whether the text asks only for an alert where the rule's trigger is: the node named last before "just alert"
        is in its scope ("on latency at hospital-2 just alert" says nothing of the stadium's rule)."""
        scope = set(ir.get("trigger", {}).get("scope") or ())
        event = ir.get("trigger", {}).get("event")
        for m in ALERT_ONLY.finditer(self.t):
            if negated(self.t, m.start(), words=2):
                continue  # "isolate, not just alert"
            lo, hi = self.sentences[self.sentence(m.start())]
            if (told := {e for e, words in EVENTS.items() if words.search(self.t, lo, hi)}) and event not in told:
                continue  # "DDoS -> isolate automatically. Congestion -> alert only": the DDoS rule isolates
            after = [node for a, _, _, node in self.spans
                     if a > m.end() and not re.search(r"[,;.!?\n]|\band\b", self.t[m.end():a])]
            near = after[:1] or [node for a, _, _, node in self.spans if a < m.start()][-1:]
            if not near or near[0] in scope or "all" in scope:  # "just an alert for anomalies at factory-2": factory-2's
                return True
        return False

    def narrowed(self, ir: dict[str, Any], ports_only: bool = False) -> str | None:
        """The protocol word that narrows the last sentence asking to stop traffic between ``ir``'s ends ("block ssh from
        A to B" read as all of A -> B), when the text nowhere asks for every kind of traffic; with ``ports_only``, a word
        that names a port ("block https" read as all of tcp)."""
        k = self.last_paired(ir, self.asks_stop, AFTER_DENIAL)
        if k < 0 or ALL_TRAFFIC.search(self.t):
            return None
        lo, hi = self.sentences[k]
        ends = [next(b for a, b in self.where[e] if lo <= a < hi) for e in (ir["src"], ir["dst"])
                if any(lo <= a < hi for a, _ in self.where.get(e, []))]
        if not ends:
            return None
        start = lo + max([0, *(m.end() for m in re.finditer(r"[,;:]", self.t[lo:min(ends)]))])  # the clause of the ends
        said = [m[0] for m in ANY_PROTOCOL.finditer(self.t, start, max(ends)) if not negated(self.t, m.start())]
        if ports_only:
            if ir.get("protocol") in said:
                return None  # "block tcp and https": all of tcp is asked
            said = [w for w in said if not re.fullmatch(r"icmp|ping\w*|tcp|udp|sctp|gre", w)]
        return said[0] if said else None

    def spares(self, ir: dict[str, Any]) -> str | None:
        """The word of the protocol a block names if the text lets that traffic be wherever it names it ("ping is
        fine, leave ping alone", "everything except ssh")."""
        words = PROTOCOL_WORDS.get(f"{ir.get('protocol')}/{ir['port']}" if ir.get("port") else str(ir.get("protocol")))
        t = self.t
        said = list(re.finditer(rf"\b(?:{words})\b", t)) if words else []
        let_be = [(SPARED.match(t, m.end()) or SPARED_BEFORE.search(t, max(0, m.start() - 30), m.start()) or
                   LET_BE.search(t, max(0, m.start() - 12), m.start()) and ALONE.match(t, m.end()))
                  and not negated(t, m.start()) for m in said]
        return said[0][0] if said and all(let_be) else None

    @functools.cached_property
    def exceptions(self) -> list[tuple[int, int, set[str]]]:
        """Each exception whose object names nodes, and those nodes: by name, by kind ("other than the two hospitals")
        or by number right after a group ("all gNBs except seven and eight": the numbers are members of that group)."""
        out = []
        after_group = [m for _, b, _, node in self.spans if node.startswith("role:") and (m := GROUP_BUT.match(self.t, b))]
        for m in [*EXCEPTION.finditer(self.t), *LEFT_ALONE.finditer(self.t), *after_group]:
            at = m.start(1) + OBJECT_LEAD.match(m[1]).end()
            named = {node for a, _, _, node in self.spans if m.start(1) <= a < m.end(1)}
            listed, end = self._exception_list(m.start(1))
            first = min((a for a, _, _, _ in self.spans if m.start(1) <= a < m.end(1)), default=None)
            kinds = {n for n in map(str, self.grounder.g) if _kind(n) != n and
                     re.match(rf"(?:{_plural(_kind(n))})\b", self.t[at:m.end(1)])}
            counted = re.match(rf"(?:\d+|{COUNTS})\b", self.t[at:m.end(1)]) and \
                any(0 <= m.start() - b <= 3 for _, b, _, node in self.spans if node.startswith("role:"))
            if first is not None and first <= at or kinds or counted:  # "except the factories, the port and the farm"
                out.append((m.start(), max(m.end(1), end), named | kinds | listed | ({"#"} if counted else set())))
        return out

    @functools.cached_property
    def carve_outs(self) -> list[tuple[str, set[str], int]]:
        """Each group the text takes members out of right after naming it ("every edge except edge-north", "all the gNBs
        except 1 and 8", "every site but the farm"), with those members (none the text speaks of anywhere else) and how
        many times the text names the group."""
        out = []
        for start, end, named in self.exceptions:
            role = next((node for _, b, _, node in self.spans if node.startswith("role:") and 0 <= start - b <= 2), None)
            if role is None:
                continue
            members = set(resolve(self.grounder.g, role))
            if named == {"#"}:
                numbers = {str(NUMBER_WORDS.index(w)) if w in NUMBER_WORDS else w
                           for w in re.findall(rf"\b(?:\d+|{'|'.join(NUMBER_WORDS)})\b", self.t[start:end])}
                named = named | {m for m in members if m.rsplit("-", 1)[-1] in numbers}
            taken = (named - {"#"}) & members
            if taken and taken < members and all(start <= a < end for n in taken for a, _ in self.where.get(n, ())):
                out.append((role, taken, len(self.where[role])))
        return out

    def excepted_kind(self, node: str) -> bool:
        """Whether the text exempts ``node`` by its kind alone, never naming it ("other than the two hospitals")."""
        return node not in self.where and any(node in named for _, _, named in self.exceptions)

    def carved(self, role: str) -> bool:
        """Whether the text makes exceptions from the group ``role``: members exempted in the sentence that speaks of it
        ("other than the two hospitals, no site ...") or numbers right after it ("all gNBs except seven and eight")."""
        if role not in GROUP:
            return False
        if re.search(rf"\bother (?:{ROLE_WORDS[role]})\b(?: (?:are|is|stay|remain|can stay)\w*)? "
                     r"(?:fine|ok|okay|untouched|unaffected|alone)\b", self.t):
            return True  # "block edge-east from reaching gnb-6, gnb-7 and gnb-8; the other radios are fine"
        members = set(resolve(self.grounder.g, role))
        return any(
            (named & members or "#" in named) and GROUP[role].search(self.t, *self.sentences[self.sentence(start)])
            for start, _, named in self.exceptions)

    def asks_no_flow(self, ir: dict[str, Any]) -> bool:
        """Whether the text asks that the route's traffic not flow: a plain route between nodes only block words reach
        in a text with no flow word, or a route (with no avoid of its own, nor a number of paths, which a negation
        governs: "no fewer than 3 paths", "must not touch C", nor a waypoint: "can't reach B, send it via C") whose ends
        one sentence forbids to flow and none asks to."""
        if not any(ir.get(k) for k in ("via", "avoid", "paths", "objective")) and not self.flows and \
                all(e in self.where and self.named_and(e, self.denials) for e in (ir["src"], ir["dst"])) and \
                (self.asks_stop or not REPAIR.search(self.t)):  # "A cant reach B. fix pls": a fault, and its repair
            return True
        return not ir.get("via") and not set(ir.get("avoid", ())) - {ir["src"], ir["dst"]} and not ir.get("paths") and \
            self.paired(ir, self.asks_stop, AFTER_DENIAL) and not self.paired(ir, self.asks_flow, AFTER_FLOW)

    def detoured(self, node: str) -> bool:
        """Whether every mention of ``node`` is a detour's: a node a route between two others of its sentence is to keep
        off ("A -> B should not touch core-1", "keep A traffic to B off agg-north"), which a block of it would turn into
        a wall ("A must never touch core-1" alone is a block)."""
        def others_in(at: int) -> int:
            k = self.sentence(at)
            return len({n for n, spots in self.where.items() if n != node and any(self.sentence(s) == k for s, _ in spots)})
        return node in self.where and all(DETOUR.search(head := self._head(a)) and not ISOLATE.search(head[-30:])
                                          and not KEPT_AWAY.search(head)
                                          and not MODAL_NEXT.match(self.t, b)  # "..., and C must never reach D"
                                          and others_in(a) >= 2 for a, b in self.where[node])  # "cut off C" walls C in

    def spared_from_any(self, ir: dict[str, Any]) -> list[str]:
        """The nodes the text exempts on the ``any`` side of a block, in a sentence that names its other end ("block
        ssh from anywhere to core-1 except gnb-4")."""
        if "any" not in (ir["src"], ir["dst"]):
            return []
        side, other = ("src", ir["dst"]) if ir["src"] == "any" else ("dst", ir["src"])
        said = {self.sentence(a) for a, _ in self.where.get(other, [])}
        return sorted(n for n in self.excepted - {other} if self.written.get(n, set()) - {None} <= {side}
                      and (other == "any" or said & {self.sentence(a) for a, _ in self.where.get(n, ())}))

    def named_and(self, node: str, cues: list[tuple[int, int]], others: re.Pattern[str] = OTHER_ACTION) -> bool:
        return any(self.covered(m, cues, others) for m in self.where.get(node, []))

    def ours_and(self, node: str, cues: list[tuple[int, int]]) -> bool:
        """Whether ``node`` is the writer's own site ("we rent space at the campus") and one of ``cues`` speaks of what is
        theirs ("our X-ray server must never be reachable from the stadium")."""
        return any(WE.search(self.t, self.sentences[self.sentence(a)][0], a) and AT_END.search(self.t, max(0, a - 12), a)
                   for a, _ in self.where.get(node, [])) and \
            any(OURS.search(self.t, *self.sentences[self.sentence(c)]) for c, _ in cues)

    def group_words(self, node: str) -> re.Pattern[str] | None:
        """The words the text may speak of ``node``'s groups with: its kind's ("the hospitals", "neither hospital", "that
        hospital" pointing back) and its roles' ("base stations"); None when it has none."""
        kind = _kind(node)
        some = r"either|neither|both|each|all|every|any|no|that|this|said|the same"
        words = [rf"\b(?:{_plural(kind)}|(?:{some})\s+{re.escape(kind)})\b"] if kind != node else []
        words += [GROUP[role].pattern for role in GROUP if node in resolve(self.grounder.g, role)]
        return re.compile("|".join(words)) if words else None

    def grouped_and(self, node: str, cues: list[tuple[int, int]]) -> bool:
        """Whether one of ``cues`` stands in a sentence that speaks of ``node``'s group rather than of the node ("SSH
        from any base station into the hospitals: not allowed" blocks hospital-1)."""
        if (said := self.group_words(node)) is None:
            return False
        masked = self._masked()  # "core-1" is no word for the cores
        return any(self.covered(m.span(), cues) for m in said.finditer(masked))  # in a cue's reach, as a node would be


ROLE_WORDS = {role: "|".join([words, *(re.escape(fold(p)) for p in ROLE_PHRASES[role])]) for role, words in {
    "role:ran": r"ran|gnbs?|gnodebs?|g?node-?bs?|cells?|base[- ]\w+|radios?|radio[- ]\w+|ru|rus|antennas?|towers?|"
                r"access nodes?",
    "role:site": r"sites?|tenants?|customers?|premises|venues?|locations?|enterprises?",
    "role:edge": r"edges?|mec|mecs|edge[- ]\w+",
    "role:transport": r"agg|aggs|aggregation|transport|switch\w*|backhaul|metro|ring|tier",
    "role:core": r"cores?|core[- ][a-z]\w*"}.items()}
"""The words a group of each role is spoken of with (and :data:`ROLE_PHRASES`), apart from its members' names
("edge-south" names no group)."""
GROUP = {role: re.compile(rf"(?<![\w-])(?:{words})(?![\w])") for role, words in ROLE_WORDS.items()}
"""Where a text speaks of each role's group (:data:`ROLE_WORDS` as whole words)."""


UNREMOVED_AFTER = re.compile(rf"\b(?:do not|don't|dont|never|no need to|not)\s+(?!just\b|only\b)(?:\w+\s+)?"
                             rf"(?:{REMOVAL}|touch\w*)\s+(?:\S+\s+){{0,3}}$")
UNREMOVED_BEFORE = re.compile(rf"^\W*(?:\s*(?:slice|stays|remains))?\s*,?\s*(?:must|should|may|shall|can|will)\s*"
                              rf"(?:not|never|n't)\s+(?:be\s+)?{REMOVAL}(?!\s+(?:yet|before|until)\b)")


def sentence_around(text: str, start: int, end: int, before: str = ".;!?\n", after: str = ".;!?\n") -> tuple[int, int]:
    """Where the sentence (or clause, with more stops) of ``text[start:end]`` begins and ends: after the last of
    ``before`` ahead of it, at the first of ``after`` behind it."""
    lo = max(text.rfind(c, 0, start) for c in before) + 1
    hi = min([i for i in (text.find(c, end) for c in after) if i >= 0] or [len(text)])
    return lo, hi


def _spared(t: str, at: tuple[int, int]) -> bool:
    """Whether the slice named at ``at`` is the object of a negated removal ("do not remove slice X", "X must not be
    deleted"), not a past or pending one ("X was never removed", "X is not deleted yet"), a question ("Why not remove
    X?"), a "not just" or a removal put off ("do not delete X before 22:00; after that, remove it")."""
    lo, end = sentence_around(t, *at, before=".;!?\n,", after=".;!\n")
    if "?" in t[at[1]:end + 1] or re.search(rf"\b{REMOVAL}\s+(?:it|them|that)\b", t[at[1]:]):
        return False
    return bool(UNREMOVED_AFTER.search(t, lo, at[0]) or UNREMOVED_BEFORE.match(t[at[1]:at[1] + 40]))


REMOVED_NAME = re.compile(r"\s+(?:the\s+)?(?:slice\s+)?[\"'“‘`]?([a-z0-9]+(?:[-_][a-z0-9]+)+)[\"'”’`]?"
                          r"(?=\s*(?:[,.;!?]|$)|\s+(?:and|then|slice)\b)")
"""A slice's name that is a removal's whole object ("cancel open-day, and ..."; not "remove the stadium-cam add-on", nor
"delete port-slice too", which adds to the removal before it)."""


def _removes_another(t: str, cue: tuple[int, int], at: tuple[int, int], name: str) -> bool:
    """Whether a removal word after the mention at ``at`` takes another slice's name as its object ("Graduation week:
    cancel open-day, and set up graduation": the cancel is open-day's, not graduation's)."""
    return cue[0] >= at[1] and bool(other := REMOVED_NAME.match(t, cue[1])) and other[1] != name


REMOVAL_OBJECT_AFTER = re.compile(r"[\"'”’`]?(?:\s+slice)?(?:\s+(?:entirely|completely|altogether|for good))?"
                                  r"\s*(?:[,.;!?]|$|\s+(?:and|then|too|as well)\b)")
"""After a slice's name that a removal takes as its whole object ("Delete regatta-backup.", "Get rid of the mec-video
slice and ...")."""


def _removal_object(t: str, at: tuple[int, int]) -> bool:
    """Whether the slice's name at ``at`` is what a removal word just before it removes, not negated nor taken back
    ("Delete truck-lane. No wait, keep it and ...": the text goes on of it)."""
    return bool(REMOVAL_OBJECT_AFTER.match(t, at[1])) and not re.search(r"\b(?:it|its|it's|keep|don'?t)\b", t[at[1]:]) and any(
        re.fullmatch(r"\s+(?:of\s+)?(?:the\s+)?(?:slice\s+)?[\"'“‘`]?" if m[0].endswith("rid") else
                     r"\s+(?:the\s+)?(?:slice\s+)?[\"'“‘`]?", t[m.end():at[0]]) and  # "get rid of the X slice"
        not negated(t, m.start()) for m in DELETE.finditer(t, max(0, at[0] - 40), at[0]))


EVENT_WORD = {"ddos": re.compile(r"\b(?:ddos|d-dos|denial of service|flood\w*|attack\w*)"),
              "anomaly": re.compile(r"\b(?:anomal\w*|unusual|suspicious|strange|odd|weird|abnormal\w*|intrusion)"),
              "congestion": re.compile(r"\b(?:congest\w*|overload\w*|saturat\w*|load|busy|jam\w*|utili[sz]ation|full)\b"),
              "link_down": re.compile(r"\b(?:link[_ -](?:down|loss|failure)|broken links?|"
                                      r"link\S*\s+(?:\S+\s+){0,3}?(?:down|fail\w*|drops?|cut|lost)|outages?|down|offline|"
                                      r"fail\w*|dark|dies|died|lost|loses|cut)\b")}
"""The words of each event a closed-loop rule watches (on folded text)."""
GOES_AFTER = re.compile(r"[\"'”’`]?(?:\s+slice)?\s+(?:can|may|should|must|has to|needs? to)\s+(?:now\s+)?go"
                        r"\s*(?:[,.;!?]|$|\s+(?:now|too|as well)\b)")
"""After a slice's name: its removal, said after it ("The demo-day slice can go.")."""


def removal_asked(t: str, name: str) -> bool:
    """Whether the folded text ``t`` asks to remove slice ``name`` wherever it writes it (:func:`_removal_object`, or
    :data:`GOES_AFTER` with the name as the subject: "The demo-day slice can go", not "The window of exam-week can go")."""
    spots = [m.span() for m in whole_words(name, t)]
    return bool(spots) and all(_removal_object(t, at) or GOES_AFTER.match(t, at[1]) and
                               re.search(r"(?:^|[.;!?\n,:]\s*|\band\s+)(?:the\s+)?$", t[:at[0]]) for at in spots)


def contradictions(text: str, intents: Iterable[dict[str, Any]], grounder: Grounder) -> list[str]:
    """Each way ``intents`` go against what ``text`` asks, as a sentence for the operator; [] when none."""
    r = Reading(text, grounder)
    t, out, intents = r.t, [], list(intents)
    used = {ir.get(k) for ir in intents for k in ("src", "dst")}
    for ir in intents:
        kind = ir.get("kind", "")
        if kind.startswith("sdn.") and not {"src", "dst"} <= set(ir) or kind == "slice.delete" and "name" not in ir:
            continue  # a partial intent is the parser's to refuse; this check only vetoes what it can judge
        if kind.startswith("sdn.") and ir["src"] == ir["dst"] and ir["src"] in grounder.g:
            out.append(f"it reads traffic from {ir['src']} to itself")
        if kind.startswith("sdn.") and (r.one_range(ir["src"], ir["dst"]) or r.listed_together(ir["src"], ir["dst"])):
            out.append(f"it reads {ir['src']} -> {ir['dst']}, but the text lists both in one group")
        if kind.startswith("sdn.") and (told := [e for e in (ir["src"], ir["dst"]) if e in r.where]) and \
                r.only_told_done(told):
            out.append(f"it acts on {ir['src']} -> {ir['dst']}, which the text names only in items done, rejected, deferred "
                       "or withdrawn")
        if kind.startswith("sdn.") and (swapped := [n for n in (ir["src"], ir["dst"], *ir.get("via", ())) if n in r.replaced]):
            out += [f"it acts on {n}, which the text replaces with {r.replaced[n]}" for n in swapped]
        if kind.startswith("sdn.") and r.reversed(ir) and not (r.asked_both_ways(ir["src"], ir["dst"]) and any(
                o.get("kind") == kind and (o.get("src"), o.get("dst")) == (ir["dst"], ir["src"]) for o in intents)):
            out.append(f"it reads {ir['src']} -> {ir['dst']}, but the text has the traffic go the other way")
        ends = [ir[k] for k in ("src", "dst") if ir.get(k) not in (None, "any", "all")]
        if kind.startswith("sdn.") and r.english:
            out += [f"it reads {e} as a group, but the text names no such group" for e in ends
                    if e.startswith("role:") and not r.spoken_of(e)]
            out += [f"it acts on {e}, but the text names {other}, not {e}" for e in ends if (other := r.sibling_for(e))]
            out += [f"it acts on {e} alone, but the text speaks of {group} as a whole" for e in ends
                    if (group := r.whole_group_of(e, used))]
        if kind == "sdn.block":
            if spared := r.spared_from_any(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text exempts {', '.join(spared)}")
            for e in ends:
                if spared := sorted(r.excepted & set(resolve(grounder.g, e) if e.startswith("role:") else [e])):
                    out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text exempts {', '.join(spared)}")
            out += [f"it would block {ir['src']} -> {ir['dst']}, but the text names {e} only as a node for traffic to avoid"
                    for e in ends if r.detoured(e)]
            out += [f"it would block {ir['src']} -> {ir['dst']}, but the text exempts {e}" for e in ends if r.excepted_kind(e)]
            out += [f"it would block all of {e}, but the text makes exceptions from it" for e in ends
                    if e.startswith("role:") and r.carved(e)]
            if "any" in (ir["src"], ir["dst"]) and r.among_themselves(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks about traffic among the nodes it names")
            if ir["src"] == ir["dst"] == "any" and not ANY_TARGET.search(t) and \
                    (told := sorted(n for n, ways in r.written.items() if ways - {None} == {"dst"})):
                out.append(f"it would block any -> any, but the text names {', '.join(told)} as the destination")
            if named := r.named_for_any(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text names {', '.join(named)} there, "
                           "not any node")
            if not ir.get("protocol") and not ir.get("port") and (named := r.narrowed(ir)):
                out.append(f"it would block all traffic {ir['src']} -> {ir['dst']}, but the text blocks only {named}")
            elif ir.get("protocol") and not ir.get("port") and (named := r.narrowed(ir, ports_only=True)):
                out.append(f"it would block all of {ir['protocol']} {ir['src']} -> {ir['dst']}, but the text blocks only {named}")
            if r.restored(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks for that traffic back")
            elif r.english and r.only_a_fault():  # a block said in words the reading lacks asks something too
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks only that a fault be fixed")
            if not ir.get("protocol") and not ir.get("port") and r.kept_working(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks to keep that traffic working")
            if not ir.get("protocol") and not ir.get("port") and r.unblocked(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text then says not to block it")
            if (ir["src"], ir["dst"]) in r.moved_from:
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text moves that block to another flow")
            if r.paired(ir, r.asks_flow, AFTER_FLOW) and not r.paired(ir, r.asks_stop, AFTER_DENIAL) and \
                    not r.paired(ir, [d for d in r.denials if d not in r.complaints], AFTER_DENIAL):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks that traffic to flow")
            if r.overruled(ir):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text then asks that traffic to flow")
            if r.denials and all(d in r.detours for d in r.denials) and not set(ends) & set(r.detours.values()):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text only keeps that traffic off "
                           f"{', '.join(sorted(set(r.detours.values())))}")
            out += [f"it would block {e}, but the text blocks {other} there" for e in ends if (other := r.named_instead(e, ir))]
            objects = r.denied_objects if r.paired(ir, r.asks_flow, AFTER_FLOW) else set()
            covers = objects | {n for o in objects if o.startswith("role:") for n in resolve(grounder.g, o)}
            if objects and not covers & set(ends):
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text stops only traffic of "
                           f"{', '.join(sorted(objects))}")
            if let_be := r.spares(ir):
                out.append(f"it would block {let_be}, but the text lets it be")
            loose = [e for e in ends if e in r.where and not r.named_and(e, r.denials) and not r.grouped_and(e, r.denials)
                     and not r.ours_and(e, r.denials)]
            if r.english and (not r.denials or loose):
                whom = " and ".join(loose) or f"{ir['src']} -> {ir['dst']}"
                out.append(f"it would block {ir['src']} -> {ir['dst']}, but the text asks no block of {whom}")
        elif kind == "sdn.route":
            for node in ir.get("via", []):
                if r.waypoints.get(node, set()) - {None} == {"avoid"}:
                    out.append(f"it would route {ir['src']} -> {ir['dst']} through {node}, which the text says to avoid")
            for node in ir.get("avoid", []):
                if r.waypoints.get(node, set()) - {None} == {"via"}:
                    out.append(f"it would route {ir['src']} -> {ir['dst']} around {node}, which the text says to pass")
            if len(ends) == 2 and r.asks_no_flow(ir):
                out.append(f"it would route {ir['src']} -> {ir['dst']}, but the text asks that traffic not flow")
        elif kind == "sdn.rate_limit" and (spared := sorted(r.excepted & set(ends))):
            out.append(f"it would limit {ir['src']} -> {ir['dst']}, but the text exempts {', '.join(spared)}")
        elif kind in ("slice.create", "slice.modify") and (spared := sorted(n for n in r.excepted & set(ir.get("sites") or ())
                                                                              if not r.sliced_plainly(n))):
            out.append(f"it would put the slice on {', '.join(spared)}, which the text exempts")
        elif kind == "slice.create" and (refused := sorted(r.no_slice_at & set(ir.get("sites") or ()))):
            out.append(f"it would create a slice at {', '.join(refused)}, but the text asks for none there")
        elif kind == "slice.create" and ir.get("service") in r.deferred_services:
            out.append(f"it would create a {ir['service']} slice, but the text puts that slice off")
        elif kind == "slice.delete":
            name = str(ir["name"]).casefold()
            spots = [m.span() for m in whole_words(name, t)]
            doomed = [at for at in spots if not SURVIVOR.search(t, max(0, at[0] - 30), at[0])  # "superseded by fan-zone"
                      and not NEWLY_NAMED.search(t, max(0, at[0] - 120), at[0])
                      and not CREATED.search(t, max(0, at[0] - 40), at[0])
                      and not REPLACES.match(t, at[1])]  # "fan-zone replaces it"
            if r.english and any(m.end() <= at[0] and at[1] <= redirect.start("turn") for m in DELETE.finditer(t)
                                 if (redirect := REDIRECTED.match(t, m.end())) for at in spots):
                out.append(f"it would delete slice {ir['name']}, but the text moves that removal to another slice")
            elif r.english and (spared := [at for at in spots if _spared(t, at)]) and \
                    not any(r.covered(at, r.deletes, NOT_REMOVED) for at in spots if at not in spared):
                out.append(f"it would delete slice {ir['name']}, but the text asks not to remove it")
            elif r.english and (not r.deletes or (spots and not any(
                    r.covered(at, [d for d in r.deletes if not _removes_another(t, d, at, name)], NOT_REMOVED)
                    for at in doomed))):
                out.append(f"it would delete slice {ir['name']}, but the text asks no removal")
            elif r.english and r.keeps(name):
                out.append(f"it would delete slice {ir['name']}, but the text keeps it")
        elif kind == "slice.modify" and r.english and removal_asked(t, str(ir.get("name", "")).casefold()):
            out.append(f"it would change slice {ir['name']}, but the text asks to remove it")
        elif kind == "ztn.policy":
            event = ir.get("trigger", {}).get("event")
            if r.english and event in EVENT_WORD and not EVENT_WORD[event].search(t) and \
                    (said := [e for e, words in EVENT_WORD.items() if words.search(t)]):
                out.append(f"it watches for {event}, but the text speaks of {' and '.join(said)}")
            automatic, ask = r.autonomy
            if ir.get("mode") == "auto" and ask and not automatic:
                out.append("it would act automatically, but the text asks to be asked first")
            if ir.get("action") == "isolate" and r.alert_only(ir):
                out.append("it would isolate, but the text asks only for an alert")
            if ir.get("action") == "isolate" and ISOLATE.search(t) and \
                    not [m for m in asserted(ISOLATE, t) if not RISKY.match(t, m.end())] and \
                    not any(AUTOMATICALLY_NEXT.match(t, m.end()) or AUTOMATIC_BEFORE.search(t, max(0, m.start() - 20), m.start())
                            for m in ISOLATE.finditer(t)):
                out.append("it would isolate, but the text says not to")
    return out
