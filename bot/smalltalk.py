"""Small talk: greetings, thanks, goodbyes, "ok", "who are you?", answered socially, never searched.

A greeting sent to the staff queue wastes a person's time, and a question taken for small talk loses the
official's question, which is worse. So a message is small talk only when it is short and every sentence of it,
and the last clause of every sentence, is social: in the embedding space the bot already has (multilingual e5),
near social prototypes and not near the domain's own sentences (the parallel set, in its eighteen languages) or
the questions and requests written below as their opposite. The prototypes are many and varied (six kinds,
every register, typos, long introductions, about twenty languages written out and a few words in twenty more)
because the detector has to generalise to messages written by other people: a tighter fit to one set had scored
0.956 on it and 0.626 on a hold-out written in another style. A sentence with a question mark must nearly
paraphrase a social question ("are you a bot?"); "hi, who are the partners?" asks about the partners. A message
made only of the emoji people use to thank or greet is small talk without the model. The figures are beside the
floors below.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from index.embedders import Embedder
from index.langbias import load_parallel
from index.remit import OUT_OF_REMIT, SPECIFIC_FACTS

log = logging.getLogger(__name__)


class Kind(str, Enum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    ACK = "ack"
    IDENTITY = "identity"       # who are you, are you a person
    CAPABILITY = "capability"   # what can you do


def _phrases(block: str) -> tuple[str, ...]:
    """The phrases of a block of ``lang: a | b | c`` lines; the language tag is only for the reader, since e5
    puts every language in one space."""
    phrases = (p.strip() for line in block.strip().splitlines() for p in line.partition(":")[2].split("|"))
    return tuple(dict.fromkeys(p for p in phrases if p))


# Hellos in every register, how-are-yous, introductions (name, post, city), greetings from a place or
# for a holiday, "sorry, wrong chat", tests. No introduction names one city's post: one naming
# Cologne's integration commissioner drew a question asking who holds that post.
_GREETINGS = """
en: hello | hi | hey | hiya | yo | heya | helo | hallo | hellooo | hii | hi hi | hey hey | hello hello | hi there
en: hey there | hello there | hi all | hi everyone | hello everyone | hey guys | hi folks | hi team | hello team
en: hey team 👋 | dear colleagues | dear all | greetings | good morning | good afternoon | good evening | morning!
en: morning all | gm | evening all | afternoon! | good morning team | good morning everyone, hope you're all well
en: hi, hope you're well | hello, hope you are doing well | hi! hope all is good on your side | hello, anyone there?
en: anyone here? | is anybody there? | hello?? | hi again | hello again! | it's me again | back again 😅
en: hi, quick question | hey, I have a question | hello, can I ask something? | hi, I have a few questions
en: hi, one question | hello, I need some help | hi, first time here | hello, I'm new here | first time using this 🙂
en: just saying hi | just wanted to say hello | how are you? | how are you doing? | how's it going?
en: how are things? | how's your day going? | what's up? | sup | wassup | you ok? | all good? | nice to meet you
en: pleased to meet you | lovely to meet you all | great to be here | happy to join
en: hi, my name is Anna and I work for the city council | hello, I'm Omar from the migrant integration office
en: this is Priya from the mayor's office, hello!
en: I'm Tom, I coordinate the welcome desk in Leeds. Nice to meet you
en: hi, I'm the new integration officer at the municipality | warm greetings from Nairobi
en: greetings from the city of Accra | hello from Athens! | greetings from sunny Barcelona ☀️ | happy Monday!
en: happy Friday! | have a good week everyone | have a great weekend | good night | happy holidays
en: merry Christmas! | happy new year to the team | happy Easter | Eid Mubarak | Ramadan Kareem | happy Diwali
en: season's greetings | sorry, sent by mistake | oops, wrong chat | sorry, ignore that
en: please ignore my last message | sorry, that was a typo | my bad, wrong window | sorry for the late reply
en: apologies for the delay | test | testing | testing 1 2 3 | test message | just testing
en: just checking this works | is this working? | does this thing work? | ping | can you hear me?
en: hello everyone, I'm Sarah and I just joined the inclusion team at the municipality
en: good morning, this is Ahmed from the city of Tunis, happy to be connected
en: hi, I'm a policy officer at the town hall, just introducing myself
en: hello! new user here, I work on refugee reception for our city
en: my name is Lena, I'm with the social services department, nice to e-meet you
en: good afternoon from the Mayor's office, looking forward to working with you
en: hi all, Jorge here from the municipality of Quito, greetings to everyone
en: hello, I'm reaching out from the city hall of Kigali, warm regards
en: hi, just introducing myself, I'll send my questions later | just saying hello before I start
en: hello, I'm still getting my questions together, will write soon | good morning, hope you had a nice weekend
en: hi! hope you're having a good day | hello from a cold and snowy Oslo ❄️ | greetings to the whole team
en: best wishes from the team in Cape Town | sorry for the delay, busy day here | oops, sent that too early
en: please disregard, it was a test | just trying this out | hey, how are things going? | how are you today?
en: how have you been? | how's everything? | you doing alright? | how's life? | all well with you?
en: how's your week been?
en: good morning, I'm Fatima, I head the social inclusion unit of our municipality. Pleased to meet you
en: hello, Peter here, newcomer services coordinator at the town hall, nice to meet you all
en: hi, I'm Grace from the city's migration and diversity office, glad to be here
en: good afternoon, my name is Luis, advisor to the deputy mayor for social affairs. Nice to connect
en: hi everyone, I'm the new refugee liaison officer in our district, happy to meet you
en: hello, I'm Aisha from the resettlement team at the county council, great to e-meet you
en: hi, this is Ben from the integration department, just saying hello
en: greetings, I am the focal point for migration in our city administration, pleased to join
en: I just started using this tool, hello! | first day on the job, saying hi to everyone
en: I was away last week, just catching up now, hello | sorry for going quiet, I was on leave
en: apologies, I was stuck in meetings the whole afternoon | sorry, busy morning, I'm back now
es: hola | holaa | hola! | buenas | buenos días | buenas tardes | buenas noches | hola a todos | hola equipo
es: hola, ¿cómo estás? | ¿qué tal? | qué onda | ¿cómo va? | ¿todo bien? | hola, ¿hay alguien? | hola de nuevo
es: hola, una pregunta | hola, tengo una consulta | buenas, una duda | saludos | saludos cordiales
es: un saludo desde Madrid | saludos desde Lima | estimados, un cordial saludo
es: me llamo Lucía y trabajo en el ayuntamiento | soy Carlos, de la alcaldía de Cali, encantado | mucho gusto
es: encantada de conocerles | feliz año | feliz Navidad | felices fiestas | buena semana | buen finde
es: buen fin de semana a todos | perdón, me equivoqué de chat | disculpa, lo envié por error
es: ignora el mensaje anterior | perdón por la demora | prueba | probando | probando, ¿funciona esto?
es: primera vez por aquí | ola k tal | wenas
es: hola a todos, soy Marta, trabajo en el área de migración del municipio
es: buenos días, les escribe Andrés, de la alcaldía de Bogotá, un gusto
es: hola, me presento: soy técnica de inclusión en el ayuntamiento
es: buenas tardes desde Montevideo, un saludo a todo el equipo | recién empiezo a usar esto, hola
es: un saludo cordial desde la municipalidad de Lima | hola, todavía estoy preparando mis preguntas, luego escribo
es: disculpen, se me envió sin querer | perdón, era una prueba | un abrazo desde Buenos Aires | ¿qué tal todo?
es: ¿cómo estás hoy? | ¿cómo andas? | ¿cómo te va? | ¿todo en orden? | ¿qué hay? | ¿qué pasa? | qué onda, cómo vas?
es: buenos días, soy Rosa, responsable de la oficina de atención al migrante del municipio, un placer
es: hola, les saluda Diego, coordinador de acogida en la alcaldía, encantado de conocerles
es: buenas tardes, me llamo Inés y trabajo en el servicio de inclusión social, mucho gusto
es: hola a todos, soy el nuevo enlace de refugiados del distrito, un gusto
es: estuve de vacaciones, recién me pongo al día | perdón, estuve en reuniones toda la mañana
fr: bonjour | salut | bonsoir | coucou | slt | bjr | bonjour à tous | bonjour tout le monde | salut l'équipe
fr: hello ! | bonjour, il y a quelqu'un ? | rebonjour | re | ça va ? | comment allez-vous ? | comment ça va ?
fr: quoi de neuf ? | bonjour, petite question | bonjour, j'ai une question | salut, une question rapide
fr: je m'appelle Claire, je travaille à la mairie | bonjour, je suis Karim, chargé de mission à la ville de Lyon
fr: enchanté | ravie de vous rencontrer | bonjour de Marseille ! | salutations de Genève | bonne année | joyeux Noël
fr: bonnes fêtes | bonne semaine | bon week-end | bonne soirée à tous | désolé, mauvais message
fr: pardon, envoyé par erreur | oups, mauvaise conversation | ignorez mon dernier message | désolée pour le retard
fr: test | je teste | ça marche ce truc ? | première fois ici | allô
fr: bonjour à toutes et à tous, je suis Sophie, je travaille au service cohésion sociale de la ville
fr: bonjour, ici Mamadou de la commune de Bamako, heureux d'être là
fr: je me présente : chargée d'inclusion à la mairie | bonjour depuis Bruxelles, belle journée à tous
fr: salutations cordiales de la ville de Tunis | je découvre l'outil, bonjour ! | désolé, envoyé trop tôt
fr: veuillez ignorer, c'était un test | toutes mes excuses pour le retard | ça va bien ? | comment vas-tu ?
fr: tout va bien ? | comment ça se passe ? | la forme ?
fr: bonjour, je suis Fatou, responsable du service intégration de la commune, enchantée
fr: bonjour à tous, Pierre, coordinateur de l'accueil des primo-arrivants à la mairie, ravi de vous rejoindre
fr: bonsoir, je m'appelle Nadia et je travaille à la direction des solidarités, au plaisir
fr: je viens de prendre mon poste, bonjour à tous | désolée, j'étais en réunion tout l'après-midi
ar: مرحبا | مرحباً | أهلا | أهلا وسهلا | اهلين | هلا | هلا والله | السلام عليكم | السلام عليكم ورحمة الله
ar: وعليكم السلام | صباح الخير | صباح النور | مساء الخير | مساء النور | مرحبا بالجميع | مرحبا يا جماعة | كيف حالك؟
ar: كيفك؟ | شلونك؟ | ازيك؟ | عامل ايه؟ | كيف الحال؟ | لاباس؟ | واش راك؟ | أخبارك؟ | مرحبا، عندي سؤال
ar: مرحبا، سؤال سريع | اسمي أحمد وأعمل في البلدية | معكم سارة من مكتب الاندماج في البلدية | تشرفنا | تشرفت بمعرفتكم
ar: تحية طيبة من عمّان | عيد مبارك | كل عام وأنتم بخير | رمضان كريم | جمعة مباركة | أسبوع سعيد
ar: عذراً، أرسلتها بالخطأ | آسف، محادثة خاطئة | تجاهل الرسالة السابقة | تجربة | اختبار | marhaba | salam
ar: salam alaykum | ahlan | مرحبا بالجميع، أنا ليلى من قسم الاندماج في البلدية
ar: صباح الخير، معكم محمد من أمانة عمّان، سعيد بالتواصل معكم | تحياتي من بيروت | أقدم نفسي: أعمل في بلدية طرابلس
ar: أهلا، أول مرة أستخدم هذا | أعتذر عن التأخير في الرد | عذراً، كانت مجرد تجربة | تحية طيبة للجميع
ar: أسعد الله صباحكم | كيفكم؟ | إزيك عامل إيه؟ | شخبارك؟ | كيف أمورك؟ | كيف الصحة؟ | عاملين إيه؟ | لاباس عليك؟
ar: صباح الخير، أنا فاطمة مسؤولة وحدة الاندماج في البلدية، سعيدة بالتعرف عليكم
ar: مرحبا، معكم خالد منسق خدمات الوافدين في المحافظة، تشرفنا
ar: مساء الخير، اسمي نور وأعمل في قسم الشؤون الاجتماعية، يسعدني التواصل | عذراً، كنت في اجتماعات طوال اليوم
ar: بدأت عملي حديثاً، تحياتي للجميع
it: ciao | salve | buongiorno | buonasera | ciao a tutti | buongiorno a tutti | ehi | ciao ciao | come va?
it: come stai? | tutto bene? | c'è qualcuno? | ciao, una domanda veloce | buongiorno, avrei una domanda
it: mi chiamo Giulia, lavoro al comune | sono Marco dell'ufficio immigrazione di Torino, piacere
it: piacere di conoscerti | piacere! | un saluto da Napoli | buone feste | buon Natale | buon anno | buona Pasqua
it: buona settimana | buon weekend | scusate, messaggio inviato per errore | scusa, chat sbagliata
it: scusate il ritardo | prova | prova prova | sto provando se funziona | eccomi
it: ciao a tutti, sono Luca e lavoro all'ufficio inclusione del comune
it: buongiorno, vi scrive Sara dal Comune di Palermo, piacere | mi presento: sono un funzionario del comune
it: un caro saluto da Firenze | sto provando questo strumento per la prima volta | scusate, l'ho mandato per errore
it: era solo una prova, ignorate | scusate il ritardo nella risposta | come andiamo? | come ve la passate?
it: tutto a posto? | come butta?
it: buongiorno, sono Paola, responsabile dello sportello immigrati del comune, piacere
it: salve a tutti, Matteo, coordinatore dell'accoglienza in comune, lieto di conoscervi
it: buonasera, mi chiamo Elena e lavoro ai servizi sociali, piacere mio
it: ho appena iniziato a usare questo strumento, ciao a tutti | scusate, sono stata in riunione tutto il giorno
pt: olá | oi | oii | ola | oi, tudo bem? | tudo bem? | tudo bom? | e aí | e aí, beleza? | bom dia | boa tarde
pt: boa noite | olá a todos | bom dia a todos | oi gente | alguém aí? | olá, uma pergunta rápida
pt: oi, tenho uma dúvida | meu nome é João, trabalho na prefeitura
pt: sou a Ana, da Câmara Municipal de Lisboa, muito prazer | muito prazer | prazer em conhecer | um abraço de Recife
pt: saudações de Luanda | boas festas | feliz Natal | feliz ano novo | boa semana | bom fim de semana
pt: desculpe, enviei por engano | foi sem querer | chat errado, desculpa | teste | testando | só testando aqui
pt: olá a todos, sou a Mariana e trabalho na área de integração da prefeitura
pt: bom dia, fala o Paulo, da Câmara de Coimbra, prazer
pt: me apresento: sou técnica da secretaria de assistência social | um abraço de Maputo
pt: saudações de Belo Horizonte | estou testando isto pela primeira vez | desculpa, enviei antes da hora
pt: era só um teste, podem ignorar | como vai? | como estás? | tudo certo? | tudo tranquilo? | beleza?
pt: como vão as coisas? | bom dia, sou a Teresa, responsável pelo gabinete de integração da câmara, muito prazer
pt: olá a todos, aqui é o Rui, coordenador do acolhimento na prefeitura, prazer em conhecê-los
pt: boa tarde, chamo-me Inês e trabalho na ação social do município, prazer
pt: acabei de começar a usar isto, olá a todos | desculpem, estive em reuniões o dia todo
de: hallo | hi | hey | moin | moin moin | servus | grüß Gott | grüezi | guten Morgen | guten Tag | guten Abend
de: hallo zusammen | hallo alle | hallo, ist da jemand? | wie geht's? | wie geht es Ihnen? | alles gut?
de: hallo, kurze Frage | hallo, ich hätte eine Frage | ich heiße Jonas und arbeite bei der Stadt
de: mein Name ist Petra Schulz, ich arbeite bei der Stadtverwaltung, freut mich | freut mich | schön, hier zu sein
de: Grüße aus Hamburg | viele Grüße aus Wien | frohe Weihnachten | frohes neues Jahr | frohe Ostern | schöne Woche
de: schönes Wochenende | sorry, falsch geschickt | Entschuldigung, falscher Chat | bitte ignorieren
de: sorry für die späte Antwort | Test | nur ein Test | funktioniert das?
de: hallo zusammen, ich bin Lisa und arbeite im Sozialamt der Stadt
de: guten Morgen, hier schreibt Markus aus dem Rathaus Bremen, freut mich
de: ich stelle mich kurz vor: ich bin neu im Team Integration | liebe Grüße aus Zürich
de: herzliche Grüße an das ganze Team | ich probiere das gerade zum ersten Mal aus | sorry, zu früh abgeschickt
de: war nur ein Test, bitte ignorieren | Entschuldigung für die Verspätung | wie läuft's? | alles fit?
de: wie geht es dir heute? | na, alles klar?
de: guten Morgen, ich bin Sabine, Leiterin der Integrationsstelle unserer Gemeinde, freut mich sehr
de: hallo zusammen, Thomas hier, Koordinator für Neuzugewanderte im Rathaus, schön, dabei zu sein
de: guten Tag, mein Name ist Aylin, ich bin im Sozialamt für Geflüchtete zuständig, freut mich
de: ich habe gerade erst angefangen, hallo in die Runde | sorry, ich war den ganzen Tag in Sitzungen
el: γεια | γεια σας | γεια σου | γειά | καλημέρα | καλημερα | καλησπέρα | καλησπερα | χαίρετε | γεια χαρά σε όλους
el: τι κάνεις; | τι κάνετε; | πώς είσαι; | όλα καλά; | τι λέει; | γεια, μια ερώτηση | καλημέρα, έχω μια απορία
el: με λένε Μαρία και δουλεύω στον δήμο | είμαι ο Νίκος από τον Δήμο Πειραιά, χάρηκα | χάρηκα
el: χαίρομαι που σας γνωρίζω | χαιρετισμούς από την Αθήνα | καλές γιορτές | καλά Χριστούγεννα | καλή χρονιά
el: καλό Πάσχα | χρόνια πολλά | καλή εβδομάδα | καλό σαββατοκύριακο | καλό βράδυ | καληνύχτα
el: συγγνώμη, λάθος μήνυμα | το έστειλα κατά λάθος | δοκιμή | δοκιμή 1 2 3 | geia sas | kalimera | kalispera
el: ti kaneis? | γεια σε όλους, είμαι η Κατερίνα και δουλεύω στην κοινωνική υπηρεσία του δήμου
el: καλημέρα, σας γράφει ο Γιώργος από τον Δήμο Ηρακλείου, χαίρω πολύ | να συστηθώ: δουλεύω στον δήμο
el: χαιρετίσματα από τη Θεσσαλονίκη | συγγνώμη για την καθυστέρηση | ήταν απλώς δοκιμή | πώς πάει; | τι νέα;
el: όλα καλά μαζί σας; | καλημέρα, είμαι η Δήμητρα, υπεύθυνη του γραφείου ένταξης μεταναστών του δήμου, χάρηκα
el: γεια σας, ο Κώστας εδώ, συντονιστής υποδοχής στον δήμο, χαίρομαι που σας γνωρίζω
el: μόλις ξεκίνησα να το χρησιμοποιώ, γεια σε όλους | συγγνώμη, ήμουν σε συσκέψεις όλη μέρα
uk: привіт | привіт! | вітаю | добрий день | доброго дня | доброго ранку | добрий вечір | привіт усім | як справи?
uk: як ви? | все добре? | привіт, маю питання | добрий день, коротке питання
uk: мене звати Олег, я працюю в міській раді
uk: я Ірина з департаменту соціальної політики Львова, приємно познайомитися | приємно познайомитися
uk: вітання з Києва | з Новим роком | з Різдвом | гарних свят | гарного тижня | гарних вихідних
uk: вибачте, надіслав помилково | не той чат, вибачте | тест | перевірка | pryvit
uk: всім привіт, я Марія, працюю в управлінні соціального захисту
uk: добрий день, пише Андрій з міської ради Дніпра, радий знайомству | вітання з Одеси | вибачте за затримку
uk: це була перевірка, ігноруйте | як ти? | як життя? | що нового?
uk: добрий день, я Наталія, очолюю відділ інтеграції переселенців міської ради, приємно познайомитися
uk: привіт усім, Олександр, координатор прийому в громаді, радий приєднатися
ru: привет | здравствуйте | добрый день | доброе утро | добрый вечер | всем привет | как дела? | как вы?
ru: привет, есть вопрос | меня зовут Анна, я работаю в мэрии | приятно познакомиться | рада присоединиться
ru: с Новым годом | с праздником | хорошей недели | хороших выходных | извините, отправил по ошибке | не тот чат
ru: тест | privet | zdravstvuyte | всем привет, я Ольга, работаю в городской администрации | добрый день, коллеги
ru: приветствую всех | рад присоединиться | простите за задержку | это был тест | как ты? | как жизнь? | что нового?
ru: добрый день, я Елена, руковожу отделом по работе с мигрантами в мэрии, приятно познакомиться
tr: merhaba | merhabalar | selam | selamlar | slm | sa | günaydın | iyi günler | iyi akşamlar | herkese merhaba
tr: nasılsın? | nasılsınız? | naber? | ne haber? | merhaba, bir sorum var | benim adım Ayşe, belediyede çalışıyorum
tr: ben Mehmet, İzmir Büyükşehir Belediyesi'nden, memnun oldum | memnun oldum | tanıştığıma memnun oldum
tr: kolay gelsin | hayırlı işler | iyi bayramlar | bayramınız mübarek olsun | mutlu yıllar | iyi haftalar
tr: iyi hafta sonları | pardon, yanlış gönderdim | yanlış sohbet, kusura bakmayın | deneme | test | gunaydin
tr: nasilsin | herkese merhaba, ben Elif, belediyenin sosyal hizmetler biriminde çalışıyorum
tr: günaydın, Ankara'dan selamlar | kendimi tanıtayım: belediyede göç uzmanıyım | geç cevap için kusura bakmayın
tr: sadece deneme, dikkate almayın | nasıl gidiyor? | iyi misin? | naber nasılsın?
tr: iyi günler, ben Zeynep, belediyenin göç ve uyum biriminin sorumlusuyum, memnun oldum
tr: merhaba, ben Emre, belediyede mülteci koordinatörüyüm, tanıştığımıza sevindim
pl: cześć | dzień dobry | dobry wieczór | hej | witam | witam wszystkich | siema | jak się masz? | co słychać?
pl: dzień dobry, mam pytanie | nazywam się Piotr, pracuję w urzędzie miasta | miło mi | miło mi poznać
pl: pozdrowienia z Krakowa | wesołych świąt | szczęśliwego nowego roku | miłego tygodnia | miłego weekendu
pl: przepraszam, wysłałem przez pomyłkę | test | dzień dobry wszystkim, jestem Anna z urzędu miasta
pl: pozdrawiam serdecznie z Wrocławia | przepraszam za opóźnienie
pl: dzień dobry, jestem Katarzyna, kieruję biurem ds. cudzoziemców w urzędzie miasta, miło mi
nl: hoi | hallo | hey | goedemorgen | goedemiddag | goedenavond | hallo allemaal | dag | hoe gaat het? | alles goed?
nl: hallo, ik heb een vraag | ik ben Sanne van de gemeente Utrecht | leuk om kennis te maken | aangenaam
nl: groeten uit Rotterdam | fijne feestdagen | gelukkig nieuwjaar | fijne week | fijn weekend
nl: sorry, verkeerd gestuurd | test | hallo allemaal, ik ben Pieter en ik werk bij de gemeente
nl: groeten uit Amsterdam | sorry voor de late reactie
nl: goedemiddag, ik ben Femke, coördinator inburgering bij de gemeente, leuk kennis te maken
ro: bună | bună ziua | bună dimineața | bună seara | salut | salutare | salut, ce faci? | ce mai faci?
ro: bună, am o întrebare | mă numesc Andrei și lucrez la primărie | încântat de cunoștință | mă bucur să vă cunosc
ro: sărbători fericite | la mulți ani | o săptămână bună | weekend plăcut | scuze, am trimis din greșeală | test
ro: bună tuturor, sunt Ioana de la primăria Clujului | salutări din București | scuze pentru întârziere
ro: bună ziua, sunt Maria, coordonez serviciul de integrare al primăriei, încântată
sw: habari | habari yako? | habari za asubuhi | habari za mchana | jambo | hujambo | mambo | mambo vipi? | salama
sw: shikamoo | sasa | niaje | naitwa Amina, ninafanya kazi katika halmashauri ya jiji | nimefurahi kukutana nanyi
sw: salamu kutoka Mombasa | heri ya mwaka mpya | krismasi njema | wiki njema | samahani, nimetuma kwa makosa
sw: jaribio | habari zenu nyote, mimi ni Juma kutoka manispaa ya Arusha | salamu kutoka Nairobi
sw: samahani kwa kuchelewa
sw: habari, mimi ni Neema, mratibu wa huduma za wakimbizi katika halmashauri, nimefurahi kuwafahamu
fa: سلام | سلام علیکم | درود | صبح بخیر | عصر بخیر | شب بخیر | سلام به همه | حالتون چطوره؟ | خوبی؟ | چطوری؟
fa: سلام، یک سوال دارم | اسم من مریم است و در شهرداری کار می‌کنم | خوشبختم | از آشنایی با شما خوشحالم | نوروز مبارک
fa: عید مبارک | هفته خوبی داشته باشید | ببخشید، اشتباهی فرستادم | تست | salam
fa: سلام به همه، من سارا هستم و در شهرداری کار می‌کنم | درود از کابل
zh: 你好 | 您好 | 大家好 | 嗨 | 哈喽 | 早上好 | 下午好 | 晚上好 | 你好吗？ | 最近怎么样？ | 在吗？ | 你好，我有个问题 | 我叫李明，在市政府工作 | 很高兴认识你 | 新年快乐 | 春节快乐
zh: 周末愉快 | 抱歉，发错了 | 测试
ja: こんにちは | おはようございます | こんばんは | はじめまして | よろしくお願いします | お元気ですか？ | 元気？ | こんにちは、質問があります | 市役所の田中です。よろしくお願いします
ja: あけましておめでとうございます | 良い週末を | すみません、間違えて送りました | テスト
hi: नमस्ते | नमस्कार | हेलो | आप कैसे हैं? | सुप्रभात | मेरा नाम राहुल है, मैं नगर निगम में काम करता हूँ
hi: आपसे मिलकर खुशी हुई | दिवाली की शुभकामनाएं | नया साल मुबारक | माफ़ कीजिए, गलती से भेज दिया | namaste | kaise ho?
ur: السلام علیکم | آداب | آپ کیسے ہیں؟ | صبح بخیر | میرا نام علی ہے، میں بلدیہ میں کام کرتا ہوں
ur: آپ سے مل کر خوشی ہوئی | عید مبارک
id: halo | hai | selamat pagi | selamat siang | selamat sore | selamat malam | apa kabar? | halo semua
id: nama saya Budi, saya bekerja di pemerintah kota | senang berkenalan | selamat tahun baru | selamat hari raya
id: maaf, salah kirim | tes
bn: নমস্কার | আসসালামু আলাইকুম | হ্যালো | কেমন আছেন? | শুভ সকাল | আপনার সাথে পরিচিত হয়ে ভালো লাগলো
ko: 안녕하세요 | 안녕 | 좋은 아침입니다 | 잘 지내세요? | 반갑습니다 | 처음 뵙겠습니다 | 새해 복 많이 받으세요 | 테스트
sq: përshëndetje | tungjatjeta | mirëdita | mirëmëngjes | si jeni? | gëzohem që u njohëm
am: ሰላም | እንደምን አደርክ | ጤና ይስጥልኝ
so: iska warran | salaan | subax wanaagsan | see tahay?
ha: sannu | ina kwana | barka da safiya
ti: ሰላም | ከመይ ኣለኻ?
ps: سلام | ستړي مه شئ | څنګه یاست؟
ku: silav | rojbaş | çawa yî?
hy: բարև | բարի օր
ka: გამარჯობა | დილა მშვიდობისა
sr: zdravo | dobar dan | ćao | kako si? | здраво | добар дан
hr: bok | bok svima | dobar dan | kako ste?
bg: здравей | здравейте | добър ден | как си?
cs: ahoj | dobrý den | čau | jak se máš?
hu: szia | sziasztok | jó napot | jó reggelt | hogy vagy?
sv: hej | hej allihopa | god morgon | hur mår du?
da: hej | godmorgen | hvordan går det?
no: hei | god morgen | hvordan går det?
fi: moi | hei | hyvää huomenta | mitä kuuluu?
vi: xin chào | chào bạn | chào buổi sáng | bạn khỏe không?
th: สวัสดีครับ | สวัสดีค่ะ | สบายดีไหม
tl: kumusta | magandang umaga | kamusta po kayo?
ms: selamat pagi | apa khabar?
he: שלום | בוקר טוב | מה נשמע? | מה שלומך?
"""

# Thanks short and long, praise, blessings, typos and transliterations.
_THANKS = """
en: thanks | thank you | thanks! | thank you! | thx | thx!! | tx | tnx | ty | ty! | tysm | tyvm | thank u
en: thanks a lot | thanks so much | thank you so much | thank you very much | many thanks | much appreciated
en: appreciate it | really appreciate it | cheers | cheers mate | thanks, very useful | thanks, that helps
en: that helps, thanks | great, thanks! | super, thank you! | perfect, thanks | awesome, thank you
en: brilliant, cheers | lovely, thanks | thanks again | thanks again for your help | thank you for your help
en: thanks for the quick answer | thank you for the detailed answer, I will share it with my team
en: that was really helpful, thanks | this is exactly what I needed | you saved me a lot of time
en: you've been very helpful | very helpful, thank you | great job, much appreciated | you're a star
en: you're the best | you rock | legend | amazing, thanks | thanks for your patience | thank you for your time
en: thanks so much for the information, really useful | many thanks for the very clear explanation
en: thank you kindly | thanks heaps | haha thanks | lol thanks | THANK YOU | THANKS!!! | thnaks | thansk | thnx
en: thank youuu | thankss | thanks a million, this will help a lot with our council report
en: thank you, I'll pass this on to my colleagues | really useful, I'll share it with the team
en: that's great information, thank you so much | thanks for getting back to me so quickly
en: thank you for your patience with all my questions | you've been a great help today
en: this saved me so much time, thanks | many thanks, very kind of you | thanks, that clears it up
es: gracias | gracias! | gracias!! | muchas gracias | mil gracias | muchísimas gracias | gracias de verdad
es: graciass | grax | grasias | gracias, muy útil | genial, gracias | perfecto, gracias
es: muchas gracias por la información, nos sirve mucho | gracias por la ayuda | gracias por responder tan rápido
es: te lo agradezco | se agradece | muy amable | eres un crack | gracias, crack | un abrazo y gracias
es: órale, gracias | muchas gracias por todo, me sirvió un montón | mil gracias, de verdad | GRACIAS
es: muchas gracias, esto nos ayuda mucho con el informe | gracias, lo comparto con el equipo
es: muy útil, gracias por la rapidez | mil gracias por la paciencia | gracias por todo, de verdad
fr: merci | merci! | merci beaucoup | merci bien | merci infiniment | merci mille fois | merci bcp | mrc | mci
fr: super merci | parfait, merci | top, merci | merci pour votre réponse rapide et complète | merci pour l'info
fr: merci pour votre aide | je vous remercie | je vous remercie infiniment | un grand merci
fr: merci, c'est très clair | chapeau, merci ! | c'est gentil, merci | vous êtes génial | MERCI !!!
fr: merci beaucoup, ça va nous aider pour la note au maire | merci, je partage avec l'équipe
fr: très utile, merci pour la rapidité | merci pour votre patience | un grand merci pour tout
ar: شكرا | شكراً | شكرا لك | شكراً لك | شكرا جزيلا | شكرا جزيلاً | شكرا كتير | شكرا بزاف | مشكور | مشكورين
ar: يعطيك العافية | الله يعطيك العافية | تسلم | تسلم ايدك | تسلمي | جزاك الله خيرا | جزاكم الله خيراً
ar: بارك الله فيك | ما قصرت | والله ما قصرتوا | ألف شكر | شكرا على المعلومات المفيدة | شكرا على المساعدة
ar: شكرا على الرد السريع | ممتاز، شكرا | ربنا يخليك | متشكر | shukran | shukran kteer | merci ktir
ar: شكراً جزيلاً، هذا سيساعدنا كثيراً | شكراً، سأشاركها مع الفريق | معلومات مفيدة جداً، شكراً لكم | شكراً على صبركم
it: grazie | grazie! | grazie mille | grazie tante | grazie infinite | grz | graziee | grazie di tutto
it: grazie per la risposta, molto utile | grazie per l'aiuto | vi ringrazio | vi ringrazio moltissimo | ti ringrazio
it: gentilissimo, grazie | gentilissima | molto gentile | perfetto, grazie | ottimo, grazie mille | sei un grande
it: grazie mille, ci sarà molto utile | grazie, lo giro al team | utilissimo, grazie per la rapidità
it: grazie per la pazienza
pt: obrigado | obrigada | obrigado! | muito obrigado | muito obrigada | obg | brigado | brigada | valeu | valeu!
pt: valeu demais | vlw | obrigadão | agradeço | agradeço imenso | agradeço a ajuda
pt: obrigado pela ajuda, foi muito útil | obrigada pela resposta rápida | show, obrigado | perfeito, obrigado
pt: muito gentil | você é demais | obrigadoo | muito obrigado, isso ajuda bastante
pt: obrigada, vou partilhar com a equipa | muito útil, obrigado pela rapidez | obrigado pela paciência
de: danke | danke! | danke schön | dankeschön | danke sehr | vielen Dank | vielen lieben Dank | herzlichen Dank
de: tausend Dank | besten Dank | danke dir | danke euch | merci vielmals | dankeee | dnake | super, danke
de: danke für die schnelle Antwort | danke für die Hilfe | vielen Dank für die ausführliche Antwort
de: sehr hilfreich, danke | mega, danke | top, danke | ich bedanke mich | vielen Dank, das hilft uns sehr weiter
de: danke, ich teile das mit dem Team | sehr nützlich, danke für die schnelle Hilfe | danke für Ihre Geduld
el: ευχαριστώ | ευχαριστώ πολύ | ευχαριστώ! | ευχαριστω | ευχαριστω πολυ | σε ευχαριστώ | σας ευχαριστώ
el: σας ευχαριστώ θερμά | ευχαριστώ για τη βοήθεια | ευχαριστώ για την απάντηση | ωραία, ευχαριστώ
el: τέλεια, ευχαριστώ | να 'σαι καλά | να 'στε καλά | είσαι θησαυρός | efharisto | efxaristw | eyxaristw
el: ευχαριστούμε | ευχαριστώ πολύ, μας βοηθάει πολύ | ευχαριστώ, θα το μοιραστώ με την ομάδα
el: πολύ χρήσιμο, ευχαριστώ
uk: дякую | дякую! | дуже дякую | щиро дякую | дякую 🙏 | дякую за допомогу | дякую за детальну відповідь | спасибі
uk: спасибі велике | красно дякую | дякую, дуже корисно | dyakuyu | дуже дякую, це нам дуже допоможе
uk: дякую, поділюся з командою
ru: спасибо | спасибо! | большое спасибо | спасибо большое | благодарю | спасибо за помощь | спасибо, очень помогли
ru: spasibo | спс | большое спасибо, это очень поможет | спасибо, поделюсь с коллегами
tr: teşekkürler | teşekkür ederim | çok teşekkür ederim | çok teşekkürler | sağ ol | sağ olun | çok sağ olun
tr: eyvallah | tesekkurler | tşk | tşkler | yardımınız için teşekkürler | emeğinize sağlık | eline sağlık
tr: allah razı olsun | harikasın | çok teşekkürler, bu çok işimize yarayacak | teşekkürler, ekiple paylaşacağım
pl: dziękuję | dzięki | dziękuję bardzo | bardzo dziękuję | serdecznie dziękuję | dzięki wielkie | dziekuje
pl: dziękuję za pomoc
nl: dank je | dank je wel | dank u wel | bedankt | hartelijk bedankt | top, bedankt | merci | dankjewel
nl: super, dank je
ro: mulțumesc | mersi | mulțumesc frumos | mulțumesc mult | vă mulțumesc | multumesc
sw: asante | asante sana | asanteni | asanteni sana kwa msaada | nashukuru | shukrani
fa: مرسی | ممنون | ممنونم | خیلی ممنون | سپاس | سپاسگزارم | متشکرم | دستت درد نکنه | mersi | mamnoon
zh: 谢谢 | 谢谢你 | 非常感谢 | 多谢 | 感谢您的帮助 | 谢啦 | 太感谢了
ja: ありがとう | ありがとうございます | どうもありがとうございます | 助かりました | 感謝します
hi: धन्यवाद | शुक्रिया | बहुत बहुत धन्यवाद | dhanyavaad | shukriya
ur: شکریہ | بہت شکریہ | جزاک اللہ
id: terima kasih | makasih | terima kasih banyak | trims
bn: ধন্যবাদ | অনেক ধন্যবাদ
ko: 감사합니다 | 고마워요 | 정말 감사합니다
sq: faleminderit | shumë faleminderit
am: አመሰግናለሁ
so: mahadsanid
ha: na gode
ps: مننه | ډېره مننه
ku: spas | zor spas
sr: hvala | hvala puno | хвала
hr: hvala | hvala lijepa
bg: благодаря | мерси
cs: děkuji | díky
hu: köszönöm | köszi | köszönöm szépen
sv: tack | tack så mycket
da: tak | mange tak
no: takk | tusen takk
fi: kiitos | kiitos paljon
vi: cảm ơn | cảm ơn bạn nhiều
th: ขอบคุณครับ | ขอบคุณค่ะ
tl: salamat | salamat po
he: תודה | תודה רבה
"""

# Goodbyes, "that's all", "I'll come back after my meeting".
_GOODBYES = """
en: bye | bye! | bye bye | byeee | goodbye | see you | see ya | see you later | see you soon | see you tomorrow
en: talk soon | talk later | talk tomorrow | catch you later | later! | take care | have a nice day
en: have a good one | have a lovely evening | good night | night! | that's all for today
en: that's all for now, thanks | that's everything from my side | I think that's all | nothing else for now
en: I'm done for today | signing off | signing off for today, talk tomorrow | I'll come back after my meeting
en: I'll get back to you later | I'll be in touch | I'll write again if anything comes up
en: I'll come back to you soon | I have to go now | gotta run | gotta go | ok bye | thanks, bye! | cheers, bye
en: ok, I'll get back to you once I've talked to my manager | I'll check with my colleagues and come back to you
en: that's it for now, have a good evening | that's all I needed, bye | I'll reach out again next week
en: have a good rest of your day | thanks and have a nice weekend
en: I'll write again when I have more questions, good work!
en: I'll get back to you once I have more details, have a good day
en: will come back with more questions later, thanks
es: adiós | chao | chau | hasta luego | hasta pronto | hasta mañana | nos vemos | nos vemos! | cuídate
es: que tengas buen día | buenas noches | eso es todo por hoy | eso es todo, gracias | por ahora es todo
es: me tengo que ir | luego te escribo | vuelvo más tarde | te escribo después de la reunión | quedo atenta
es: quedo atento a cualquier novedad | bye | lo consulto con mi equipo y vuelvo | por ahora nada más, buena tarde
es: les escribo la semana que viene | que tengas buen resto del día
es: vuelvo a escribir cuando tenga más dudas, buen trabajo | les escribo cuando tenga más detalles, buen día
fr: au revoir | à plus | à plus tard | à bientôt | à demain | à tout à l'heure | bonne journée | bonne soirée
fr: bonne nuit | salut, à plus | ciao | c'est tout pour aujourd'hui | c'est tout pour moi
fr: je reviens vers vous plus tard | je reviens vers vous après ma réunion | je vous recontacte si besoin
fr: je dois y aller | belle fin de journée | a+ | bye | je vois avec mes collègues et je reviens vers vous
fr: c'est tout pour le moment, bonne soirée | je vous réécris la semaine prochaine
fr: je reviens quand j'aurai d'autres questions, bon travail | je vous recontacte quand j'en sais plus
ar: مع السلامة | إلى اللقاء | باي | سلام | أشوفك بعدين | نلتقي لاحقاً | تصبح على خير | يومك سعيد | هذا كل شيء لليوم
ar: سأعود إليكم لاحقاً | سأتواصل معكم بعد الاجتماع | الله معك | في أمان الله | bye | سأراجع مع زملائي وأعود إليكم
ar: هذا كل ما أحتاجه الآن، مساء الخير | أتواصل معكم الأسبوع القادم | سأكتب لكم عندما تكون لدي أسئلة أخرى، بالتوفيق
ar: أتواصل معكم عندما تتوفر لدي تفاصيل أكثر
it: arrivederci | ciao ciao | a presto | a dopo | a domani | ci vediamo | ci sentiamo | buona giornata
it: buona serata | buonanotte | per oggi è tutto | è tutto, grazie | ci aggiorniamo | vi riscrivo dopo la riunione
it: ci risentiamo la prossima settimana | devo scappare | ne parlo con i colleghi e vi faccio sapere
it: per ora è tutto, buona serata | vi riscrivo la settimana prossima
it: vi riscrivo quando avrò altre domande, buon lavoro | torno quando ho più dettagli
pt: tchau | tchau tchau | até logo | até mais | até amanhã | até breve | falou | fui | bom dia para você | boa noite
pt: por hoje é só | é isso, obrigado | volto a falar mais tarde | depois te escrevo
pt: volto a contactar quando tiver dúvidas | tenho que ir | abraço, até mais
pt: vou ver com os colegas e volto a falar | por agora é tudo, boa tarde | escrevo na próxima semana
pt: volto a escrever quando tiver mais perguntas, bom trabalho | entro em contacto quando souber mais
de: tschüss | tschau | ciao | auf Wiedersehen | bis bald | bis später | bis morgen | bis dann | mach's gut
de: schönen Tag noch | schönen Abend | gute Nacht | schönen Feierabend | das war's für heute | das wär's, danke
de: ich melde mich später | ich melde mich, falls noch was ist | ich muss los | ade | pfiat di
de: bis zum nächsten Mal | ich kläre das mit den Kollegen und melde mich | das war's erstmal, schönen Abend
de: ich schreibe nächste Woche wieder | ich melde mich wieder, wenn ich mehr Fragen habe, gutes Schaffen
de: ich schreibe, sobald ich mehr weiß
el: αντίο | γεια χαρά | τα λέμε | τα λέμε αύριο | καλή συνέχεια | καλή μέρα να έχεις | καληνύχτα | αυτά για σήμερα
el: θα επανέλθω αργότερα | θα επανέλθω μετά τη σύσκεψη | πρέπει να φύγω | φιλιά | bye
el: θα το δω με τους συναδέλφους και επανέρχομαι | αυτά προς το παρόν, καλό απόγευμα
el: θα ξαναγράψω όταν έχω κι άλλες ερωτήσεις, καλή δουλειά
uk: до побачення | бувай | бувайте | до зустрічі | на все добре | гарного дня | гарного вечора | на сьогодні все
uk: напишу пізніше | повернуся після наради | дякую, до побачення | обговорю з колегами і повернуся
uk: поки що все, гарного вечора
ru: пока | до свидания | до встречи | всего доброго | хорошего дня | на сегодня всё | напишу позже | пока-пока
tr: görüşürüz | hoşça kal | hoşça kalın | güle güle | iyi günler dilerim | iyi akşamlar | iyi geceler
tr: bugünlük bu kadar | sonra yazarım | toplantıdan sonra dönerim | kendine iyi bak | gorusuruz
tr: ekiple konuşup size dönerim | şimdilik bu kadar, iyi akşamlar
pl: do widzenia | na razie | cześć, do jutra | do zobaczenia | miłego dnia | to wszystko na dziś
pl: odezwę się później
nl: doei | dag! | tot ziens | tot later | tot morgen | fijne dag | dat was het voor vandaag
nl: ik kom er later op terug
ro: la revedere | pa | pa pa | pe curând | o zi bună | seară bună | asta e tot pentru azi | revin mai târziu
sw: kwaheri | kwaherini | tutaonana | usiku mwema | siku njema | baadaye
fa: خداحافظ | خدانگهدار | بعدا می‌بینمت | روز خوبی داشته باشید | فعلا | شب بخیر
zh: 再见 | 拜拜 | 回头见 | 明天见 | 先这样吧 | 晚安
ja: さようなら | またね | じゃあね | お疲れ様でした | 失礼します | また後で
hi: अलविदा | फिर मिलेंगे | शुभ रात्रि | bye
ur: خدا حافظ | اللہ حافظ | پھر ملیں گے
id: sampai jumpa | dadah | sampai nanti | selamat tinggal
ko: 안녕히 계세요 | 다음에 봐요 | 수고하세요
sr: doviđenja | vidimo se | ćao
bg: довиждане | чао
cs: na shledanou | měj se
hu: viszlát | szia, majd beszélünk
sv: hej då | vi hörs
fi: näkemiin | moikka
vi: tạm biệt | hẹn gặp lại
he: להתראות | ביי
"""

# Acknowledgements: ok, got it, noted, "I'll pass it on", laughter, never mind.
_ACKS = """
en: ok | okay | OK | okey | okie | k | kk | ok ok | ok! | okay thanks | ok thank u | ok, thanks | ok cool | got it
en: gotcha | got it, thanks | understood | understood, thanks | noted | noted, thanks | noted with thanks | will do
en: sure | sure thing | alright | all right | fine | fair enough | makes sense | that makes sense | sounds good
en: sounds great | perfect | great | cool | nice | awesome | excellent | wonderful | good to know | I see | ah I see
en: oh ok | ohh okay | right | yes | yep | yeah | yup | no worries | no problem | all good | lol | lol ok | haha
en: haha ok | hmm | hmm ok | hmm, let me think about it | ok, let me think about it and come back to you
en: I'll check and come back | I'll pass it on to my colleague | I'll forward this to my team
en: will share with the team | never mind | nvm | forget it | no need, thanks | that's fine | it's ok | ok 👍
en: awesome 🙌 | cool cool | roger | roger that | copy that | 10-4 | ack
es: vale | ok | okk | okey | dale | listo | de acuerdo | perfecto | genial | entendido | entiendo | ok, entiendo
es: ya veo | claro | sí | bueno | bien | muy bien | va | órale | sale | está bien | jaja ok | jajaja | no pasa nada
es: lo reviso y te digo | se lo paso a mi compañera | anotado | tomo nota | buenísimo | excelente | ah vale
fr: ok | d'accord | dac | ok ça marche | ça marche | compris | bien compris | bien reçu | c'est noté | noté
fr: parfait | très bien | super | top | génial | entendu | je vois | ah ok | oui | ouais | pas de souci
fr: bien reçu, je transmets | je transmets à ma collègue | je regarde et je reviens vers vous | laisse tomber
fr: haha ok | nickel
ar: تمام | ماشي | حاضر | حسنا | حسناً | طيب | اوكي | أوكي | مفهوم | فهمت | فهمت، شكراً | واضح | ممتاز | رائع | جميل
ar: تمام التمام | أكيد | نعم | ايوه | اه | خلاص | لا بأس | مية مية | سأنقلها لزميلي | سأفكر في الأمر | okay | tamam
ar: mashi
it: ok | okay | va bene | perfetto | capito | ho capito | d'accordo | certo | ottimo | benissimo | chiaro
it: tutto chiaro | sì | va bene così | giro tutto alla collega | lo passo al mio ufficio
it: ci penso e ti faccio sapere | fa niente | ok ok | ah ok | ricevuto | perfetto, ricevuto
pt: ok | beleza | tá bom | tá | certo | combinado | perfeito | entendi | entendido | ótimo | show | show de bola
pt: top | legal | beleza, valeu | sim | claro | tranquilo | de acordo | pode ser | fechado | blz | anotado
pt: vou repassar para a equipe | deixa pra lá
de: ok | okay | alles klar | passt | passt schon | verstanden | okay, verstanden | super | prima | perfekt | gut
de: sehr gut | klar | geht klar | jawohl | ja | genau | okidoki | ok, danke | in Ordnung | geht in Ordnung
de: ich verstehe | notiert | ich leite es weiter | mega | cool
el: οκ | ok | εντάξει | τέλεια | κατάλαβα | ωραία | καλά | πολύ καλά | ναι | σωστά | σύμφωνοι | έγινε | εννοείται
el: μάλιστα | το κατάλαβα | ok, na ste kala | endaksei | entaxei
uk: ок | добре | зрозуміло | зрозумів | зрозуміла | гаразд | чудово | так | ясно | супер | прийнято | окей
ru: ок | хорошо | понятно | ок, понял | понял | поняла | ладно | ясно | отлично | да | принято | окей
tr: tamam | tamamdır | anladım | peki | olur | tabii | süper | harika | güzel | evet | anlaşıldı | tamam, sağ ol
tr: ok
pl: ok | dobrze | rozumiem | jasne | w porządku | super | świetnie | tak | zrozumiałem
nl: oké | ok | prima | goed | begrepen | duidelijk | top | helder | ja | akkoord
ro: bine | ok | am înțeles | perfect | super | da | în regulă | de acord
sw: sawa | sawa sawa | nimeelewa | poa | safi | ndiyo | sawa kabisa
fa: باشه | اوکی | فهمیدم | عالیه | چشم | خوبه | بله | حتما
zh: 好的 | 好 | 明白了 | 知道了 | 收到 | 没问题 | 可以 | 嗯嗯 | ok
ja: はい | わかりました | 了解です | 了解 | オッケー | 承知しました | なるほど
hi: ठीक है | समझ गया | अच्छा | हाँ | ok ji | theek hai
ur: ٹھیک ہے | سمجھ گیا | جی
id: oke | baik | siap | mengerti | paham | iya
ko: 네 | 알겠습니다 | 좋아요 | 오케이
sr: u redu | dobro | razumem | važi
bg: добре | разбрах
cs: dobře | rozumím
hu: rendben | oké | értem
sv: okej | förstår | bra
fi: selvä | okei
vi: vâng | được | hiểu rồi
he: בסדר | הבנתי | אוקיי
"""

# Questions about the bot itself. None names the MMC or the council: those drew "what's the MMC?".
_IDENTITY = """
en: who are you? | who are you | what are you? | are you a person? | are you a human? | are you human?
en: are you a bot? | are you a robot? | are you an AI? | is this an AI? | is this a bot? | is this a real person?
en: are you real? | are you a real person? | am I talking to a human? | am I talking to a person or a machine?
en: am I chatting with a bot or a human? | is this an automated system? | is this automatic?
en: is there a human behind this? | is someone actually reading these messages?
en: before I ask anything: am I talking to a human or an automated system? | what's your name? | do you have a name?
en: who made you? | who built you? | who created this bot? | are you ChatGPT? | are you GPT? | which model are you?
en: who's behind this chat? | tell me about yourself | could you tell me a bit about yourself? | introduce yourself
en: are you a real person or a program? | r u a bot? | u human? | sorry, are you a real person or an AI?
en: quick check: is this a chatbot? | just to be sure, am I writing to a machine?
en: is there a real human answering here? | who am I speaking with? | who's answering these messages?
en: are you an automated assistant? | are you a virtual assistant? | is this a robot answering?
en: will a human see my message? | do real people read this? | is this chat monitored by staff?
en: what exactly are you, a bot? | who programmed you? | where do your answers come from?
en: are you connected to the internet? | are you artificial intelligence? | may I know who I'm talking to?
en: hello, who is this? | who is this? | is this a person?
es: ¿quién eres? | quién eres | ¿qué eres? | ¿eres una persona? | ¿eres un robot? | eres un bot? | ¿eres humano?
es: ¿eres real? | ¿hablo con una persona? | ¿hablo con una persona o con un sistema automático? | ¿es un bot?
es: ¿esto es automático? | ¿eres una IA? | ¿cómo te llamas? | ¿quién te creó? | ¿eres ChatGPT?
es: ¿alguien del equipo lee esto? | cuéntame sobre ti | ¿con quién hablo?
es: perdona, ¿eres una persona real o una IA? | ¿esto es un chatbot? | ¿me responde una máquina?
es: ¿hay alguien de verdad al otro lado? | ¿quién contesta estos mensajes? | ¿eres un asistente virtual?
es: ¿una persona va a leer mi mensaje? | ¿de dónde sacas tus respuestas? | ¿con quién tengo el gusto?
es: hola, ¿quién es?
fr: qui êtes-vous ? | vous êtes qui ? | t'es qui ? | qui es-tu ? | c'est un robot ? | vous êtes un robot ?
fr: t'es une IA ? | tu es un bot ? | c'est une vraie personne ? | est-ce que je parle à un humain ?
fr: est-ce que je parle à un agent humain ? | c'est automatique ? | comment tu t'appelles ? | qui t'a créé ?
fr: tu es ChatGPT ? | quelqu'un lit ces messages ? | présentez-vous | à qui je parle ?
fr: pardon, vous êtes une vraie personne ou une IA ? | c'est un chatbot ? | je parle à une machine ?
fr: il y a un humain derrière ? | qui répond à ces messages ? | vous êtes un assistant virtuel ?
fr: est-ce qu'un humain va lire mon message ? | d'où viennent vos réponses ? | à qui ai-je l'honneur ?
fr: bonjour, qui est à l'appareil ? | vous êtes une personne ?
ar: من أنت؟ | مين انت؟ | شو انت؟ | هل أنت إنسان؟ | انت بوت؟ | هل أنت روبوت؟ | هل أنت ذكاء اصطناعي؟
ar: هل أتحدث مع موظف؟ | هل أتحدث مع موظف أم مع نظام آلي؟ | هل هذا رد آلي؟ | هل أنت شخص حقيقي؟ | ما اسمك؟ | شو اسمك؟
ar: من صنعك؟ | عرفني بنفسك | مع مين عم احكي؟ | انت انسان ولا روبوت؟ | عفواً، هل أنت شخص حقيقي أم ذكاء اصطناعي؟
ar: هل هذا روبوت محادثة؟ | هل يرد عليّ آلة؟ | هل يوجد إنسان يرد هنا؟ | مين عم يرد؟ | هل أنت مساعد افتراضي؟
ar: هل سيقرأ أحد رسالتي؟ | من أين تأتي إجاباتك؟ | مع من أتكلم؟ | انت مين؟ | حضرتك مين؟ | انت روبوت؟
ar: انت آلي ولا شخص؟
it: chi sei? | chi sei | cosa sei? | sei una persona? | sei un bot? | sei un robot? | sei una persona vera?
it: sei un'intelligenza artificiale? | sto parlando con una persona?
it: sto parlando con una persona o con un assistente automatico? | con chi sto parlando? | è automatico?
it: come ti chiami? | chi ti ha creato? | sei ChatGPT? | qualcuno legge questi messaggi? | presentati
it: scusa, sei una persona vera o un'IA? | è un chatbot? | mi risponde una macchina?
it: c'è un essere umano dall'altra parte? | chi risponde a questi messaggi? | sei un assistente virtuale?
it: qualcuno leggerà il mio messaggio? | da dove prendi le risposte? | con chi ho il piacere di parlare?
it: sei umano?
pt: quem é você? | quem és tu? | o que você é? | você é um robô? | você é uma pessoa? | és uma pessoa?
pt: é uma pessoa real? | você é humano? | é um bot? | estou falando com uma pessoa?
pt: estou a falar com uma pessoa ou com um assistente virtual? | isso é automático? | você é uma IA?
pt: qual é o seu nome? | como te chamas? | quem te criou? | você é o ChatGPT? | com quem estou falando?
pt: desculpe, você é uma pessoa real ou uma IA? | isto é um chatbot? | estou a falar com uma máquina?
pt: tem alguém de verdade aí? | quem responde a estas mensagens? | você é um assistente virtual?
pt: alguém vai ler a minha mensagem? | de onde vêm as suas respostas? | com quem falo? | você é gente?
de: wer bist du? | wer sind Sie? | was bist du? | bist du ein Mensch? | bist du ein Bot? | bist du ein Roboter?
de: bist du eine KI? | ist das ein Bot? | bin ich mit einem Menschen verbunden?
de: spreche ich mit einem Menschen oder mit einer KI? | spreche ich gerade mit einer echten Person?
de: ist das automatisch? | wie heißt du? | wer hat dich gebaut? | bist du ChatGPT? | liest das jemand?
de: mit wem spreche ich? | Entschuldigung, sind Sie ein echter Mensch oder eine KI? | ist das ein Chatbot?
de: antwortet mir eine Maschine? | sitzt da ein Mensch dahinter? | wer beantwortet diese Nachrichten?
de: bist du ein virtueller Assistent? | liest ein Mensch meine Nachricht? | woher hast du deine Antworten?
de: mit wem habe ich das Vergnügen? | sind Sie ein Mensch?
el: ποιος είσαι; | ποια είσαι; | τι είσαι; | είσαι άνθρωπος; | είσαι ρομπότ; | είσαι bot; | εισαι bot?
el: είσαι τεχνητή νοημοσύνη; | μιλάω με άνθρωπο; | μιλάω με άνθρωπο ή με αυτόματο σύστημα; | είναι αυτόματο;
el: πώς σε λένε; | ποιος σε έφτιαξε; | με ποιον μιλάω; | συγγνώμη, είσαι πραγματικός άνθρωπος ή τεχνητή νοημοσύνη;
el: είναι chatbot; | μου απαντάει μηχανή; | υπάρχει άνθρωπος από πίσω; | ποιος απαντάει σε αυτά τα μηνύματα;
el: είσαι ψηφιακός βοηθός; | θα διαβάσει κάποιος το μήνυμά μου; | ποιος είναι;
uk: хто ти? | хто ви? | ти людина? | ти бот? | ви бот? | ти робот? | я розмовляю з людиною чи з ботом?
uk: це автоматична відповідь? | як тебе звати? | хто тебе створив? | ти штучний інтелект?
uk: вибачте, ви справжня людина чи ШІ? | це чат-бот? | мені відповідає машина? | хто відповідає на ці повідомлення?
uk: ви віртуальний помічник? | хтось прочитає моє повідомлення? | з ким я говорю?
ru: кто ты? | кто вы? | ты бот? | вы бот? | ты человек? | вы живой человек? | я говорю с человеком?
ru: это автоматический ответ? | как тебя зовут? | кто тебя создал? | простите, вы настоящий человек или ИИ?
ru: это чат-бот? | мне отвечает машина? | кто отвечает на сообщения? | вы виртуальный помощник? | с кем я говорю?
tr: sen kimsin? | siz kimsiniz? | bot musun? | insan mısın? | robot musun?
tr: bir insanla mı yoksa bir botla mı konuşuyorum? | bu otomatik mi? | adın ne? | seni kim yaptı?
tr: yapay zeka mısın? | pardon, gerçek bir insan mısınız yoksa yapay zeka mı? | bu bir sohbet botu mu?
tr: bana bir makine mi cevap veriyor? | bu mesajlara kim cevap veriyor? | sanal asistan mısın?
tr: kiminle konuşuyorum?
pl: kim jesteś? | jesteś botem? | jesteś człowiekiem? | czy rozmawiam z człowiekiem? | jak masz na imię?
pl: przepraszam, czy jesteś prawdziwą osobą czy AI? | czy to chatbot? | kto odpowiada na te wiadomości?
pl: z kim rozmawiam?
nl: wie ben jij? | ben je een bot? | ben je een mens? | praat ik met een mens? | hoe heet je?
nl: sorry, ben je een echt persoon of een AI? | is dit een chatbot? | wie beantwoordt deze berichten?
nl: met wie spreek ik?
ro: cine ești? | ești un bot? | ești om? | vorbesc cu un om? | cum te cheamă?
ro: scuze, ești o persoană reală sau un AI? | e un chatbot? | cine răspunde la mesaje? | cu cine vorbesc?
sw: wewe ni nani? | wewe ni roboti? | wewe ni binadamu? | naongea na mtu? | unaitwa nani?
sw: samahani, wewe ni mtu halisi au akili bandia? | hii ni roboti ya mazungumzo? | nani anajibu ujumbe huu?
sw: ninaongea na nani?
fa: تو کی هستی؟ | شما کی هستید؟ | ربات هستی؟ | آدم هستی؟ | با یک انسان صحبت می‌کنم؟ | اسمت چیه؟
fa: ببخشید، شما آدم واقعی هستید یا هوش مصنوعی؟ | این چت‌بات است؟ | با چه کسی صحبت می‌کنم؟
zh: 你是谁？ | 你是机器人吗？ | 你是真人吗？ | 我在和人说话吗？ | 你叫什么名字？ | 请问你是真人还是人工智能？ | 这是聊天机器人吗？ | 谁在回复这些消息？
ja: あなたは誰ですか？ | ボットですか？ | 人間ですか？ | 名前は何ですか？ | すみません、あなたは人間ですか、それともAIですか？ | これはチャットボットですか？
hi: आप कौन हैं? | क्या आप बॉट हैं? | क्या आप इंसान हैं? | aap kaun ho? | माफ़ कीजिए, क्या आप असली इंसान हैं या AI?
hi: मैं किससे बात कर रहा हूँ?
id: kamu siapa? | apakah kamu bot? | apakah ini manusia? | maaf, apakah kamu manusia atau AI?
id: saya bicara dengan siapa?
ko: 누구세요? | 봇이에요? | 사람이에요?
"""

# What the bot can do, how to use it, which languages it reads.
_CAPABILITY = """
en: what can you do? | what can you do | what do you do? | what are you for? | what is this bot for?
en: what's this chat for? | how can you help me? | how can you help? | can you help me? | what can you help me with?
en: what kind of questions can I ask you? | what can I ask you? | what topics do you cover?
en: what do you know about? | could you tell me what kind of things you're able to help with?
en: can you explain briefly what you are able to do? | how does this work? | how do I use this? | how do I use you?
en: help | help! | help me | menu | start | options | what languages do you speak? | do you speak Spanish?
en: can I write in French? | which languages can I use? | can you answer in Arabic? | what are your capabilities?
en: what are you able to do? | what's the purpose of this bot? | what should I ask you?
en: give me some example questions | show me what you can do
en: before I start, what sort of things can you help me with? | could you explain what you can and can't do?
en: what are you able to answer? | what kind of information do you have? | what do you cover exactly?
en: can you give me an overview of what you do? | what's the best way to use you? | how should I ask my questions?
en: what can I use this chat for? | in what ways can you support my work? | is there anything you can't help with?
en: which subjects can you answer questions on? | tell me what you can do | explain how you work
en: so what do you do exactly? | can you tell me a bit about how this service works? | what are you good at?
en: do you understand Arabic? | can I ask in Portuguese? | do you reply in other languages?
en: what kinds of requests do you handle? | what sort of queries can you deal with? | which questions do you answer?
es: ¿qué puedes hacer? | qué puedes hacer | ¿en qué me puedes ayudar? | en qué me puedes ayudar?
es: ¿cómo me puedes ayudar? | ¿para qué sirves? | ¿qué tipo de preguntas puedo hacerte? | ¿qué te puedo preguntar?
es: ¿me cuentas qué tipo de consultas puedes atender? | ¿cómo funciona esto? | ayuda | ¿hablas inglés?
es: hablas español? | ¿en qué idiomas puedo escribir? | ¿qué sabes hacer? | dame ejemplos de preguntas
es: antes de empezar, ¿con qué tipo de cosas me puedes ayudar? | ¿me explicas qué puedes y qué no puedes hacer?
es: ¿qué tipo de información tienes? | ¿qué temas cubres? | ¿cómo debo hacer mis preguntas?
es: ¿para qué puedo usar este chat? | ¿en qué me puedes apoyar en mi trabajo? | dime qué sabes hacer
es: explícame cómo funcionas | ¿me puedes contar un poco cómo funciona este servicio? | ¿entiendes francés?
es: ¿puedo preguntar en portugués? | ¿qué tipo de solicitudes atiendes? | ¿qué clase de preguntas respondes?
fr: que pouvez-vous faire ? | qu'est-ce que tu sais faire ? | tu sers à quoi ? | à quoi servez-vous ?
fr: comment pouvez-vous m'aider ? | comment tu peux m'aider ? | quel genre de questions puis-je vous poser ?
fr: qu'est-ce que je peux vous demander ?
fr: pourriez-vous m'expliquer brièvement ce que vous êtes en mesure de faire ? | comment ça marche ? | aide
fr: tu parles français ? | vous parlez anglais ? | dans quelles langues puis-je écrire ?
fr: donne-moi des exemples de questions | avant de commencer, sur quoi pouvez-vous m'aider ?
fr: pouvez-vous m'expliquer ce que vous pouvez faire ou non ? | quel type d'informations avez-vous ?
fr: quels sujets couvrez-vous ? | comment dois-je poser mes questions ? | à quoi sert ce chat ?
fr: dites-moi ce que vous savez faire | expliquez-moi comment vous fonctionnez
fr: pourriez-vous me présenter ce service en quelques mots ? | vous comprenez l'arabe ?
fr: je peux écrire en espagnol ? | quel type de demandes traitez-vous ? | à quelles questions répondez-vous ?
ar: ماذا يمكنك أن تفعل؟ | شو بتقدر تعمل؟ | شو بتقدر تساعدني؟ | شنو تقدر تسوي؟ | كيف يمكنك مساعدتي؟
ar: ما نوع الأسئلة التي يمكنني طرحها؟ | شو بقدر اسألك؟ | ما هي وظيفتك؟ | كيف يعمل هذا؟ | مساعدة | هل تتكلم العربية؟
ar: بأي لغة أكتب؟ | ماذا تعرف؟ | إيش تقدر تسوي؟ | قبل ما أبدأ، بشو ممكن تساعدني؟ | ممكن تشرح لي ماذا تستطيع أن تفعل؟
ar: ما نوع المعلومات المتوفرة لديك؟ | ما المواضيع التي تغطيها؟ | كيف أطرح أسئلتي؟ | لأي شيء أستخدم هذه المحادثة؟
ar: قلي شو بتعرف تعمل | اشرح لي كيف تعمل | شو بتعمل بالزبط؟ | إيش تقدر تسوي بالضبط؟ | هل تفهم الفرنسية؟
ar: أقدر أكتب بالإنجليزي؟ | ما نوع الطلبات التي تتعامل معها؟ | على أي أسئلة تجيب؟
it: cosa sai fare? | cosa puoi fare? | come puoi aiutarmi? | in cosa mi puoi aiutare? | a cosa servi?
it: che tipo di domande posso farti? | cosa posso chiederti? | mi spieghi in due parole a cosa servi?
it: come funziona? | aiuto | parli italiano? | in che lingue posso scrivere? | fammi qualche esempio di domanda
it: prima di iniziare, su cosa mi puoi aiutare? | mi spieghi cosa puoi e non puoi fare?
it: che tipo di informazioni hai? | quali argomenti copri? | come devo fare le domande? | a cosa serve questa chat?
it: dimmi cosa sai fare | spiegami come funzioni | mi racconti brevemente come funziona questo servizio?
it: capisci l'inglese? | che tipo di richieste gestisci? | a quali domande rispondi?
pt: o que você pode fazer? | o que você faz? | em que me podes ajudar? | como você pode me ajudar?
pt: para que serve isso? | que tipo de perguntas posso fazer? | o que posso te perguntar?
pt: pode explicar-me resumidamente que tipo de ajuda oferece? | como funciona isso? | ajuda | você fala português?
pt: fala inglês? | em que línguas posso escrever? | antes de começar, em que coisas me pode ajudar?
pt: pode explicar o que consegue e não consegue fazer? | que tipo de informação tem? | que temas cobre?
pt: como devo fazer as perguntas? | para que serve este chat? | diz-me o que sabes fazer | explica como funcionas
pt: pode me contar brevemente como funciona este serviço? | entende espanhol? | que tipo de pedidos atende?
pt: a que perguntas responde?
de: was kannst du? | was kannst du alles? | wobei kannst du mir helfen? | wie kannst du mir helfen?
de: wofür bist du da? | welche Fragen kann ich dir stellen? | was kann ich dich fragen?
de: können Sie mir kurz erklären, wobei Sie mir helfen können? | wie funktioniert das hier? | Hilfe
de: sprichst du Deutsch? | sprechen Sie Englisch? | in welchen Sprachen kann ich schreiben?
de: bevor ich anfange, wobei können Sie mich unterstützen? | können Sie erklären, was Sie können und was nicht?
de: welche Informationen haben Sie? | welche Themen decken Sie ab? | wie stelle ich meine Fragen am besten?
de: wofür kann ich diesen Chat nutzen? | sag mir, was du kannst | erklär mir, wie du funktionierst
de: können Sie kurz beschreiben, wie dieser Dienst funktioniert? | verstehst du Arabisch?
de: welche Art von Anfragen bearbeitest du? | auf welche Fragen antwortest du?
el: τι μπορείς να κάνεις; | τι κάνεις εσύ; | πώς μπορείς να με βοηθήσεις; | σε τι μπορείς να με βοηθήσεις;
el: τι ερωτήσεις μπορώ να κάνω; | τι μπορώ να σε ρωτήσω; | πώς λειτουργεί αυτό; | βοήθεια | μιλάς ελληνικά;
el: μιλάτε αγγλικά; | πριν ξεκινήσω, σε τι μπορείτε να με βοηθήσετε;
el: μπορείτε να μου εξηγήσετε τι μπορείτε να κάνετε; | τι πληροφορίες έχετε; | ποια θέματα καλύπτετε;
el: πώς να κάνω τις ερωτήσεις μου; | για ποιο πράγμα είναι αυτό το chat; | πες μου τι ξέρεις να κάνεις
el: εξήγησέ μου πώς λειτουργείς | τι είδους αιτήματα χειρίζεσαι; | σε ποιες ερωτήσεις απαντάς;
uk: що ти вмієш? | що ти можеш? | чим ти можеш допомогти? | як ти можеш мені допомогти? | які питання можна ставити?
uk: як це працює? | допомога | ти розмовляєш українською? | перш ніж почати, з чим ви можете допомогти?
uk: поясніть, що ви вмієте | яку інформацію ви маєте? | які теми ви охоплюєте? | для чого цей чат?
uk: розкажи, як ти працюєш
ru: что ты умеешь? | чем ты можешь помочь? | как ты можешь мне помочь? | какие вопросы можно задавать?
ru: как это работает? | помощь | ты говоришь по-русски? | прежде чем начать, с чем вы можете помочь?
ru: объясните, что вы умеете | какая у вас информация? | для чего этот чат? | расскажи, как ты работаешь
tr: neler yapabilirsin? | ne yapabilirsin? | bana nasıl yardımcı olabilirsin? | ne tür sorular sorabilirim?
tr: bu nasıl çalışıyor? | yardım | Türkçe biliyor musun?
tr: başlamadan önce, bana hangi konularda yardımcı olabilirsiniz? | neler yapabildiğinizi açıklar mısınız?
tr: hangi konuları kapsıyorsunuz? | bu sohbet ne için? | nasıl çalıştığını anlat
pl: co potrafisz? | w czym możesz mi pomóc? | jakie pytania mogę zadać? | jak to działa? | pomoc | mówisz po polsku?
pl: zanim zacznę, w czym możesz pomóc? | wyjaśnij, co potrafisz | do czego służy ten czat?
nl: wat kun je? | waarmee kun je me helpen? | welke vragen kan ik stellen? | hoe werkt dit? | hulp
nl: spreek je Nederlands? | voordat ik begin, waarmee kun je helpen? | leg uit wat je kunt | waar is deze chat voor?
ro: ce poți face? | cu ce mă poți ajuta? | ce întrebări pot pune? | cum funcționează? | ajutor | vorbești română?
ro: înainte să încep, cu ce mă puteți ajuta? | explică-mi ce poți face | la ce folosește acest chat?
sw: unaweza kufanya nini? | unaweza kunisaidiaje? | naweza kuuliza maswali gani? | msaada | unazungumza Kiswahili?
sw: kabla sijaanza, unaweza kunisaidia na nini? | nieleze unachoweza kufanya
fa: چه کاری می‌توانی انجام بدهی؟ | چطور می‌توانی کمکم کنی؟ | چه سوال‌هایی می‌توانم بپرسم؟ | کمک | فارسی بلدی؟
fa: قبل از شروع، در چه زمینه‌ای می‌توانید کمک کنید؟ | توضیح بده چه کار می‌کنی
zh: 你能做什么？ | 你能帮我什么？ | 我可以问你什么问题？ | 怎么用？ | 帮助 | 你会说中文吗？ | 开始之前，你能帮我做哪些事情？ | 请介绍一下你的功能
ja: 何ができますか？ | どんな質問ができますか？ | 使い方を教えて | ヘルプ | 日本語は話せますか？ | 始める前に、何を手伝ってもらえますか？ | あなたの機能を教えてください
hi: आप क्या कर सकते हैं? | आप मेरी कैसे मदद कर सकते हैं? | मदद | क्या आप हिंदी बोलते हैं?
id: kamu bisa apa? | bagaimana kamu bisa membantu saya? | bantuan
ko: 무엇을 할 수 있어요? | 어떻게 도와줄 수 있어요? | 도움말
"""

# Not small talk, beside the domain's sentences: off-topic questions and errands (weather, sport, a poem,
# a printer), short questions about a third party ("who runs it?", "what's the IOM?"), requests
# without a question mark ("I need the phone number of…"). They hold the line where social
# questions and requests look alike ("who made you?" / "who made the Global Compact?").
_NOT_SOCIAL = """
en: what's the weather tomorrow? | will it rain in Rome this weekend? | who won the match last night?
en: what's the score of the game? | can you recommend a restaurant near city hall? | book me a table for two
en: can you book a flight to Geneva? | what's the exchange rate of the dollar today?
en: how much is a euro in shillings? | what time is it in New York? | what's the news today?
en: can you write my out-of-office message? | draft an email to my boss | translate this letter into French
en: can you fix my laptop? | tell me a joke | what's a good recipe for dinner?
en: when does the next train to Berlin leave? | what are the opening hours of the prefecture?
en: where can I park near the town hall? | who is the president of France? | what's the capital of Kenya?
en: how do I reset my password? | can you summarise this article for me? | what's your opinion on the election?
en: recommend a good hotel in Brussels | who made the Global Compact for Migration? | who runs the MMC?
en: who funds the Mayors Migration Council? | what can the MMC do for my city?
en: what can cities do about climate migration? | how can my city help refugees? | how can my city join?
en: what's the name of the fund for cities? | what is the MMC's email address? | how are refugees doing in Lisbon?
en: how is the situation at the border? | what's new in the refugee compact? | do you have anything on housing?
en: do you have examples of welcome centres? | can you help me find funding for a migrant project?
en: can you send me the guidance on unaccompanied children? | are there any grants for small municipalities?
en: is the Global Cities Fund open to all cities? | is it free to join? | is this programme still running?
en: does the MMC work with UNHCR? | who are the members of the Leadership Board? | who sits on the board?
en: are refugees allowed to work? | how long does asylum take? | is there a hotline for victims of trafficking?
en: what documents does a newcomer need? | thanks in advance, how do we set up an advisory council?
en: quick one: what is AMIF? | one more question about funding | I have a question about school enrolment
en: I'd like to know how to house new arrivals | I want to ask about interpreters
en: I'm looking for information on the GCM | we need interpreters at the front desk, where do we start?
en: our mayor wants to speak at the UN, how? | hello world program in Python | what does IMRF stand for?
en: what happened in Marrakech in 2018? | how many cities are in the network? | what are the goals of the strategy?
en: what is a pledge? | what is temporary protection? | could you explain the difference between GCM and GCR?
en: can you give me the contact of the UNHCR office? | please send the link | I need the report from last year
en: what should I do next? | what do you suggest for our council? | what would you recommend for host families?
en: any tips for housing refugees? | any advice on fighting misinformation?
en: help me write a speech for World Refugee Day | can you prepare a briefing for the mayor?
en: what are the risks of host-family programmes? | how do we protect migrants' data?
en: who coordinates it nationally? | where can I read the declaration? | what's the deadline for applications?
en: when is the next forum? | who won the election? | is it going to snow? | how far is the airport?
en: what's trending on twitter? | play some music | set a reminder for 3pm | what's 15% of 200?
en: convert 50 dollars to euros | how do I cook rice? | and who pays for it? | what's the phone number?
en: what's their email? | how do they do it in Berlin? | and the deadline? | who's in charge of it?
en: what are the steps? | is there a template? | how much does it cost? | where is it based? | when was it founded?
en: what does that mean? | how do we contact them? | who are they? | what do they do?
en: how does it work in practice? | who leads it? | what are the challenges? | any examples? | give me examples
en: give me more information | what's the website? | who are the partners? | who is behind the fund?
en: who created the network? | is it automatic? | is it a UN agency? | what is the IOM? | what's UNHCR?
en: what's the GCR exactly? | what is 3RP? | what does AMIF fund? | can they help us? | can it help small towns?
en: what can we do about it? | what can a mayor do? | how can the city respond? | who can apply?
en: are they still active? | is it still open? | what happens next? | what about the costs? | and in rural areas?
en: and for women? | what's the difference? | what do other cities do? | write a short poem for our festival
en: the printer doesn't work, how do I fix it? | my email isn't syncing | how do I share my screen in Teams?
en: can you make a PowerPoint for me? | write a speech for the mayor | summarise this report | proofread my letter
en: what's on TV tonight? | where can I buy a SIM card? | who is the best football player?
en: how old is the universe? | tell me about the history of Rome | what is the meaning of life?
en: I need the phone number of the UNHCR office | please send me the contact details of the person in charge
en: give me the name and email of the coordinator | I'd need the direct line of our IOM focal point
en: I need the address of the reception centre, it's urgent | send me the link to the application form
en: please share the latest figures for our region | I need a list of organisations working with refugees in my city
en: I'm looking for the contact of someone at the ministry | we need a translator for tomorrow morning
en: our director asked me to find the budget figures | I'd like the minutes of the last meeting
en: the mayor wants a one-page briefing on the compact | my colleague Maria needs the template for the report
en: the form keeps showing an error when I submit it | I can't log into the portal
es: ¿qué tiempo hará mañana en Bogotá? | ¿quién ganó el partido? | ¿me recomiendas un hotel barato en Ginebra?
es: ¿me reservas un vuelo? | ¿a cuánto está el dólar hoy? | escríbeme un correo para mi jefe
es: traduce este documento | ¿cuál es el horario de la oficina? | ¿quién financia el MMC?
es: ¿qué puede hacer el MMC por mi ciudad? | ¿cómo puede mi ciudad unirse? | ¿cómo están los refugiados en Cúcuta?
es: ¿tienes algo sobre vivienda? | ¿me puedes ayudar a encontrar financiación?
es: ¿hay fondos para municipios pequeños? | ¿quién dirige la red? | ¿qué es el padrón?
es: una pregunta sobre escolarización | quería saber cómo crear un consejo consultivo
es: ¿qué me recomiendas para las familias de acogida? | ¿cuáles son los plazos? | ¿dónde puedo leer la declaración?
es: ¿qué debo hacer ahora? | dame ideas para un discurso del alcalde | ¿es gratis participar? | ¿y quién lo paga?
es: ¿cuál es el teléfono? | ¿cuál es su correo? | ¿cómo lo hacen en Madrid? | ¿y el plazo? | ¿quién está a cargo?
es: ¿cuáles son los pasos? | ¿hay una plantilla? | ¿cuánto cuesta? | ¿dónde tiene su sede? | ¿qué significa eso?
es: ¿cómo los contactamos? | ¿quiénes son? | ¿qué hacen? | ¿cómo funciona en la práctica? | dame ejemplos
es: ¿qué es la OIM? | ¿qué es ACNUR? | ¿quiénes son los socios? | ¿sigue abierto? | ¿qué puede hacer un alcalde?
es: ¿y en zonas rurales? | escríbeme un poema para la fiesta del pueblo | la impresora no funciona, ¿qué hago?
es: hazme una presentación | ¿qué echan en la tele hoy? | necesito el teléfono de la oficina de ACNUR
es: mándame los datos de contacto del responsable | dame el nombre y el correo del coordinador
es: necesito la dirección del centro de acogida, es urgente | envíame el enlace del formulario
es: necesito una lista de organizaciones que trabajan con refugiados | busco el contacto de alguien del ministerio
es: el alcalde quiere un resumen de una página | el formulario me da error
fr: quel temps fera-t-il demain à Lyon ? | qui a gagné le match hier soir ? | tu peux me réserver un restaurant ?
fr: quel est le cours de l'euro ? | rédige un courriel pour mon chef | traduis ce texte
fr: quels sont les horaires de la préfecture ? | qui finance le MMC ? | que peut faire le MMC pour ma ville ?
fr: comment ma commune peut-elle adhérer ? | comment vont les réfugiés à Calais ?
fr: avez-vous des ressources sur le logement ? | pouvez-vous m'aider à trouver des financements ?
fr: qui dirige le réseau ? | c'est quoi l'ANVITA ? | une question sur la scolarisation
fr: je voudrais savoir comment créer un conseil consultatif | que me conseillez-vous pour l'hébergement ?
fr: où puis-je lire la déclaration ? | quelle est la date limite ? | c'est gratuit d'adhérer ? | et qui paie ?
fr: quel est le numéro de téléphone ? | quelle est leur adresse mail ? | comment ils font à Lille ?
fr: et la date limite ? | qui s'en occupe ? | quelles sont les étapes ? | il y a un modèle ? | combien ça coûte ?
fr: ça veut dire quoi ? | comment les contacter ? | qui sont-ils ? | ça marche comment en pratique ?
fr: donne-moi des exemples | c'est quoi l'OIM ? | c'est quoi le HCR exactement ? | qui sont les partenaires ?
fr: c'est toujours ouvert ? | que peut faire un maire ? | et en zone rurale ?
fr: écris-moi un poème pour la fête de la ville | l'imprimante ne marche pas, comment faire ?
fr: fais-moi un PowerPoint | j'ai besoin du numéro de téléphone du bureau du HCR
fr: envoyez-moi les coordonnées du responsable | donnez-moi le nom et l'adresse mail du coordinateur
fr: il me faut l'adresse du centre d'accueil, c'est urgent | envoie-moi le lien du formulaire
fr: je cherche le contact d'une personne au ministère | le maire veut une note d'une page
fr: le formulaire affiche une erreur
ar: كيف الطقس في عمّان بكرا؟ | من فاز بالمباراة؟ | هل يمكنك حجز تذكرة طيران؟ | كم سعر الدولار اليوم؟
ar: اكتب لي رسالة لمديري | ترجم هذا النص | من يمول المجلس؟ | ماذا يمكن أن يقدم المجلس لمدينتي؟ | كيف تنضم مدينتنا؟
ar: كيف حال اللاجئين في إربد؟ | هل عندك شيء عن السكن؟ | هل يمكنك مساعدتي في إيجاد تمويل؟ | من يدير الشبكة؟
ar: عندي سؤال عن التعليم | أريد أن أعرف كيف ننشئ مجلسا استشاريا | ما هو الموعد النهائي؟ | أين أقرأ الإعلان؟
ar: بماذا تنصحني للسكن؟ | ومن يدفع؟ | ما رقم الهاتف؟ | ما بريدهم الإلكتروني؟ | كيف يفعلونها في بيروت؟
ar: وما الموعد النهائي؟ | من المسؤول عنه؟ | ما هي الخطوات؟ | كم يكلف؟ | ماذا يعني ذلك؟ | كيف نتواصل معهم؟ | من هم؟
ar: أعطني معلومات أكثر | ما هي المنظمة الدولية للهجرة؟ | شو هي المفوضية؟ | من هم الشركاء؟ | هل ما زال مفتوحاً؟
ar: ماذا يستطيع رئيس البلدية أن يفعل؟ | اكتب لي قصيدة | الطابعة لا تعمل، ماذا أفعل؟ | أحتاج رقم هاتف مكتب المفوضية
ar: أرسل لي بيانات التواصل مع المسؤول | أعطني اسم المنسق وبريده الإلكتروني | أحتاج عنوان مركز الاستقبال بشكل عاجل
ar: ابعتلي رابط الاستمارة | بدي قائمة بالمنظمات اللي بتشتغل مع اللاجئين | رئيس البلدية يريد ملخصاً من صفحة واحدة
ar: الاستمارة تعطيني خطأ
it: che tempo farà domani a Milano? | chi ha vinto la partita? | mi consigli una pizzeria? | mi prenoti un volo?
it: quanto vale il dollaro oggi? | scrivimi una mail per il capo | traduci questo testo | chi finanzia il MMC?
it: cosa può fare il MMC per il mio comune? | come può aderire il mio comune? | come stanno i rifugiati a Lampedusa?
it: hai qualcosa sull'alloggio? | mi aiuti a trovare fondi? | chi coordina la rete?
it: una domanda sull'iscrizione scolastica | vorrei sapere come creare una consulta | qual è la scadenza?
it: dove posso leggere la dichiarazione? | e chi paga? | qual è il numero di telefono? | qual è la loro mail?
it: come fanno a Torino? | e la scadenza? | chi se ne occupa? | quali sono i passaggi? | quanto costa?
it: cosa significa? | come li contatto? | chi sono? | come funziona in pratica? | dammi degli esempi | cos'è l'OIM?
it: cos'è l'UNHCR? | chi sono i partner? | è ancora aperto? | cosa può fare un sindaco?
it: scrivimi una poesia per la festa del patrono | la stampante non funziona, come faccio?
it: mi serve il numero dell'ufficio UNHCR | mandami i contatti del responsabile | dammi nome e mail del coordinatore
it: mi serve l'indirizzo del centro di accoglienza, è urgente | inviami il link del modulo
it: cerco il contatto di qualcuno al ministero | il sindaco vuole una nota di una pagina | il modulo mi dà errore
pt: como vai estar o tempo amanhã? | quem ganhou o jogo? | me recomenda um hotel? | qual é a cotação do dólar hoje?
pt: escreve um email para o meu chefe | traduz este texto | quem financia o MMC?
pt: o que o MMC pode fazer pela minha cidade? | como a minha cidade pode aderir?
pt: como estão os refugiados em Roraima? | tem algo sobre habitação? | pode me ajudar a encontrar financiamento?
pt: quem coordena a rede? | uma pergunta sobre matrícula escolar | queria saber como criar um conselho consultivo
pt: qual é o prazo? | onde posso ler a declaração? | e quem paga? | qual é o telefone? | qual é o email deles?
pt: como fazem em Lisboa? | e o prazo? | quem é responsável? | quais são os passos? | quanto custa?
pt: o que significa isso? | como os contacto? | quem são eles? | como funciona na prática? | dá-me exemplos
pt: o que é a OIM? | o que é o ACNUR? | quem são os parceiros? | ainda está aberto? | o que um prefeito pode fazer?
pt: escreve um poema para a festa da cidade | a impressora não funciona, o que faço?
pt: preciso do telefone do escritório do ACNUR | manda-me os contactos do responsável
pt: dá-me o nome e o email do coordenador | preciso do endereço do centro de acolhimento, é urgente
pt: envia-me o link do formulário | procuro o contacto de alguém no ministério
pt: o prefeito quer um resumo de uma página | o formulário dá erro
de: wie wird das Wetter morgen in Berlin? | wer hat das Spiel gewonnen? | kannst du mir ein Restaurant empfehlen?
de: buch mir einen Flug | wie steht der Dollar heute? | schreib eine Mail an meinen Chef | übersetze diesen Text
de: wer finanziert den MMC? | was kann der MMC für meine Stadt tun? | wie kann unsere Stadt mitmachen?
de: wie geht es den Geflüchteten in Leipzig? | habt ihr etwas zum Thema Wohnen?
de: kannst du mir helfen, Fördermittel zu finden? | wer leitet das Netzwerk? | eine Frage zur Schulanmeldung
de: ich wollte wissen, wie man einen Beirat gründet | wann ist die Frist? | wo kann ich die Erklärung lesen?
de: und wer zahlt das? | wie ist die Telefonnummer? | wie lautet ihre E-Mail? | wie machen die das in München?
de: und die Frist? | wer ist zuständig? | was sind die Schritte? | was kostet das? | was bedeutet das?
de: wie erreiche ich sie? | wer sind die? | wie funktioniert das in der Praxis? | gib mir Beispiele
de: was ist die IOM? | was ist das UNHCR genau? | wer sind die Partner? | ist das noch offen?
de: was kann ein Bürgermeister tun? | schreib mir ein Gedicht für das Stadtfest | der Drucker geht nicht, was tun?
de: ich brauche die Telefonnummer des UNHCR-Büros | schick mir die Kontaktdaten der zuständigen Person
de: gib mir Name und E-Mail der Koordinatorin | ich brauche dringend die Adresse der Erstaufnahme
de: schick mir den Link zum Formular | ich suche einen Kontakt im Ministerium
de: der Bürgermeister will eine einseitige Zusammenfassung | das Formular zeigt einen Fehler
el: τι καιρό θα κάνει αύριο; | ποιος κέρδισε τον αγώνα; | μου προτείνεις ένα εστιατόριο;
el: πόσο είναι το δολάριο σήμερα; | γράψε ένα email στον προϊστάμενο | μετάφρασε αυτό το κείμενο
el: ποιος χρηματοδοτεί το MMC; | τι μπορεί να κάνει το MMC για την πόλη μου;
el: πώς μπορεί ο δήμος μας να συμμετάσχει; | πώς είναι οι πρόσφυγες στη Λέσβο; | έχεις κάτι για τη στέγαση;
el: μπορείς να με βοηθήσεις να βρω χρηματοδότηση; | ποιος συντονίζει το δίκτυο;
el: μια ερώτηση για την εγγραφή στο σχολείο | ποια είναι η προθεσμία; | και ποιος πληρώνει;
el: ποιο είναι το τηλέφωνο; | ποιο είναι το email τους; | πώς το κάνουν στην Πάτρα; | και η προθεσμία;
el: ποιος είναι υπεύθυνος; | ποια είναι τα βήματα; | πόσο κοστίζει; | τι σημαίνει αυτό; | πώς επικοινωνώ μαζί τους;
el: ποιοι είναι; | πώς λειτουργεί στην πράξη; | δώσε μου παραδείγματα | τι είναι ο ΔΟΜ; | ποιοι είναι οι εταίροι;
el: γράψε μου ένα ποίημα | ο εκτυπωτής δεν δουλεύει, τι κάνω;
el: χρειάζομαι το τηλέφωνο του γραφείου της Ύπατης Αρμοστείας | στείλε μου τα στοιχεία του υπευθύνου
el: δώσε μου το όνομα και το email του συντονιστή | χρειάζομαι επειγόντως τη διεύθυνση του κέντρου υποδοχής
el: ο δήμαρχος θέλει μια περίληψη μίας σελίδας
uk: яка погода завтра у Львові? | хто виграв матч? | порадь ресторан | який курс долара? | хто фінансує MMC?
uk: що MMC може зробити для нашого міста? | як наше місто може долучитися? | як справи у переселенців у Харкові?
uk: чи є щось про житло? | допоможи знайти фінансування | питання про школу | який дедлайн? | а хто за це платить?
uk: який номер телефону? | як з ними зв'язатися? | хто відповідальний? | які кроки? | що це означає? | хто вони?
uk: дай приклади | що таке МОМ? | хто партнери? | напиши вірш | мені потрібен номер телефону офісу УВКБ ООН
uk: надішліть контакти відповідальної особи | дайте ім'я та пошту координатора
ru: какая погода завтра? | кто выиграл матч? | посоветуй ресторан | какой курс доллара? | кто финансирует MMC?
ru: как наш город может присоединиться? | как дела у беженцев в Москве? | есть что-нибудь о жилье?
ru: помоги найти финансирование | какой срок подачи? | а кто за это платит? | какой номер телефона?
ru: как с ними связаться? | кто отвечает? | что это значит? | кто они? | приведи примеры | что такое МОМ?
ru: напиши стихотворение | мне нужен номер телефона офиса УВКБ ООН | пришлите контакты ответственного
ru: дайте имя и почту координатора
tr: yarın İstanbul'da hava nasıl olacak? | maçı kim kazandı? | bir restoran önerir misin? | dolar kuru ne kadar?
tr: MMC'yi kim finanse ediyor? | şehrimiz nasıl katılabilir? | mülteciler Gaziantep'te nasıl?
tr: konut hakkında bir şey var mı? | finansman bulmama yardım eder misin? | son başvuru tarihi ne zaman?
tr: peki kim ödüyor? | telefon numarası ne? | onlarla nasıl iletişime geçeriz? | sorumlu kim? | adımlar neler?
tr: bu ne demek? | onlar kim? | örnek ver | IOM nedir? | ortaklar kimler? | bir şiir yaz
tr: BMMYK ofisinin telefon numarasına ihtiyacım var | sorumlu kişinin iletişim bilgilerini gönderin
tr: koordinatörün adını ve e-postasını verin
pl: jaka będzie jutro pogoda? | kto wygrał mecz? | kto finansuje MMC? | jak nasze miasto może dołączyć?
pl: masz coś o mieszkalnictwie? | jaki jest termin? | a kto za to płaci? | jaki jest numer telefonu?
pl: kto za to odpowiada? | co to znaczy? | podaj przykłady | czym jest IOM?
nl: wat wordt het weer morgen? | wie heeft de wedstrijd gewonnen? | wie financiert de MMC?
nl: hoe kan onze stad meedoen? | heb je iets over huisvesting? | wat is de deadline? | en wie betaalt dat?
nl: wat is het telefoonnummer? | wie is verantwoordelijk? | wat betekent dat? | geef voorbeelden | wat is de IOM?
ro: cum va fi vremea mâine? | cine a câștigat meciul? | cine finanțează MMC? | cum poate orașul nostru să adere?
ro: care e termenul limită?
sw: hali ya hewa itakuwaje kesho? | nani alishinda mechi? | nani anafadhili MMC? | jiji letu linawezaje kujiunga?
sw: tarehe ya mwisho ni lini?
fa: هوای فردا چطور است؟ | چه کسی بازی را برد؟ | چه کسی MMC را تامین مالی می‌کند؟ | شهر ما چطور می‌تواند عضو شود؟
zh: 明天天气怎么样？ | 谁赢了比赛？ | 谁资助MMC？ | 我们城市怎么加入？ | 截止日期是什么时候？
ja: 明日の天気は？ | 試合はどっちが勝った？ | MMCの資金は誰が出していますか？ | 私たちの市はどうやって参加できますか？
"""

# Information-seeking statements and requests without a question mark, in the registers officials use: a
# greeting or thanks before one ("Obrigado! Agora preciso de informação sobre saúde mental.") must not pass for
# small talk. Each frame with each topic; the topics are only there to give the frames content.
_REQUESTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("I'd like to know more about {}", "I need information on {}", "I'm looking for examples of {}",
            "please tell me about {}", "I have a question about {}", "we need help with {}", "now I need something on {}",
            "hi, I want to understand {}"),
           ("housing for refugees", "school enrolment for newcomers", "the Global Compact for Migration", "funding for our project",
            "interpreters at the town hall", "mental health support", "the MMC's work", "unaccompanied children")),
    "es": (("quisiera saber más sobre {}", "necesito información sobre {}", "busco ejemplos de {}", "cuéntame sobre {}",
            "tengo una duda sobre {}", "necesitamos ayuda con {}", "ahora necesito algo sobre {}", "hola, quiero entender {}"),
           ("la vivienda para refugiados", "la escolarización de recién llegados", "el Pacto Mundial para la Migración",
            "la financiación de nuestro proyecto", "los intérpretes en el ayuntamiento", "la salud mental", "el trabajo del MMC",
            "los menores no acompañados")),
    "fr": (("j'aimerais en savoir plus sur {}", "j'ai besoin d'informations sur {}", "je cherche des exemples de {}",
            "parlez-moi de {}", "j'ai une question sur {}", "nous avons besoin d'aide pour {}", "maintenant il me faut quelque chose sur {}",
            "bonjour, je voudrais comprendre {}"),
           ("l'hébergement des réfugiés", "la scolarisation des nouveaux arrivants", "le Pacte mondial sur les migrations",
            "le financement de notre projet", "l'interprétariat en mairie", "la santé mentale", "le travail du MMC",
            "les mineurs non accompagnés")),
    "ar": (("أود أن أعرف المزيد عن {}", "أحتاج معلومات عن {}", "أبحث عن أمثلة عن {}", "حدثني عن {}", "عندي سؤال عن {}",
            "نحتاج مساعدة في {}", "الآن أحتاج شيئاً عن {}", "مرحبا، أريد أن أفهم {}"),
           ("سكن اللاجئين", "تسجيل الأطفال الوافدين في المدارس", "الميثاق العالمي للهجرة", "تمويل مشروعنا",
            "المترجمين في البلدية", "الصحة النفسية", "عمل مجلس رؤساء البلديات", "الأطفال غير المصحوبين")),
    "it": (("vorrei sapere di più su {}", "mi servono informazioni su {}", "cerco esempi di {}", "parlami di {}",
            "ho una domanda su {}", "ci serve aiuto con {}", "ora mi serve qualcosa su {}", "ciao, vorrei capire {}"),
           ("l'alloggio per i rifugiati", "l'iscrizione scolastica dei nuovi arrivati", "il Patto globale sulle migrazioni",
            "il finanziamento del nostro progetto", "gli interpreti in comune", "la salute mentale", "il lavoro del MMC",
            "i minori non accompagnati")),
    "pt": (("gostaria de saber mais sobre {}", "preciso de informação sobre {}", "procuro exemplos de {}", "fala-me de {}",
            "tenho uma dúvida sobre {}", "precisamos de ajuda com {}", "agora preciso de algo sobre {}", "olá, queria entender {}"),
           ("habitação para refugiados", "a matrícula escolar de recém-chegados", "o Pacto Global para a Migração",
            "o financiamento do nosso projeto", "intérpretes na prefeitura", "saúde mental", "o trabalho do MMC",
            "crianças desacompanhadas")),
    "de": (("ich möchte mehr wissen über {}", "ich brauche Informationen zu {}", "ich suche Beispiele für {}", "erzähl mir von {}",
            "ich habe eine Frage zu {}", "wir brauchen Hilfe bei {}", "jetzt brauche ich etwas zu {}", "hallo, ich will {} verstehen"),
           ("Unterbringung von Geflüchteten", "Schulanmeldung für Neuankömmlinge", "den Globalen Migrationspakt",
            "Finanzierung unseres Projekts", "Dolmetscher im Rathaus", "psychische Gesundheit", "die Arbeit des MMC",
            "unbegleitete Minderjährige")),
    "el": (("θα ήθελα να μάθω περισσότερα για {}", "χρειάζομαι πληροφορίες για {}", "ψάχνω παραδείγματα για {}", "πες μου για {}",
            "έχω μια ερώτηση για {}", "χρειαζόμαστε βοήθεια με {}", "τώρα χρειάζομαι κάτι για {}", "γεια, θέλω να καταλάβω {}"),
           ("τη στέγαση προσφύγων", "την εγγραφή νεοαφιχθέντων στο σχολείο", "το Παγκόσμιο Σύμφωνο για τη Μετανάστευση",
            "τη χρηματοδότηση του έργου μας", "τους διερμηνείς στον δήμο", "την ψυχική υγεία", "το έργο του MMC",
            "τους ασυνόδευτους ανηλίκους")),
    "uk": (("я хотів би більше дізнатися про {}", "мені потрібна інформація про {}", "шукаю приклади {}", "розкажи про {}",
            "маю питання про {}", "нам потрібна допомога з {}"),
           ("житло для біженців", "зарахування дітей до школи", "Глобальний договір про міграцію", "фінансування проєкту",
            "перекладачів у міській раді", "психічне здоров'я")),
    "ru": (("я хотел бы узнать больше о {}", "мне нужна информация о {}", "ищу примеры {}", "расскажи о {}",
            "у меня вопрос о {}", "нам нужна помощь с {}"),
           ("жилье для беженцев", "зачисление детей в школу", "Глобальный договор о миграции", "финансирование проекта",
            "переводчиках в мэрии", "психическом здоровье")),
    "tr": (("{} hakkında daha fazla bilgi almak istiyorum", "{} konusunda bilgiye ihtiyacım var", "{} için örnekler arıyorum",
            "bana {} hakkında bilgi ver", "{} hakkında bir sorum var", "{} konusunda yardıma ihtiyacımız var"),
           ("mültecilerin barınması", "yeni gelen çocukların okul kaydı", "Küresel Göç Mutabakatı", "projemizin finansmanı",
            "belediyede tercümanlar", "ruh sağlığı desteği")),
    "pl": (("chciałbym dowiedzieć się więcej o {}", "potrzebuję informacji o {}", "szukam przykładów {}", "opowiedz mi o {}"),
           ("mieszkaniach dla uchodźców", "zapisach do szkoły", "Globalnym Porozumieniu w sprawie Migracji", "finansowaniu projektu")),
    "nl": (("ik wil meer weten over {}", "ik heb informatie nodig over {}", "ik zoek voorbeelden van {}", "vertel me over {}"),
           ("huisvesting voor vluchtelingen", "schoolinschrijving", "het Mondiaal Migratiepact", "financiering van ons project")),
    "ro": (("aș vrea să aflu mai multe despre {}", "am nevoie de informații despre {}", "caut exemple de {}"),
           ("locuințe pentru refugiați", "înscrierea la școală", "finanțarea proiectului")),
    "sw": (("ningependa kujua zaidi kuhusu {}", "nahitaji taarifa kuhusu {}", "tunahitaji msaada kuhusu {}"),
           ("makazi ya wakimbizi", "usajili wa shule", "ufadhili wa mradi wetu")),
}
# Situations told so that the bot helps: questions without asking.
_SITUATIONS = (
    "our shelter is full tonight", "we have 300 new arrivals next week", "the mayor asked me about the refugee compact",
    "I'm writing the mayor's speech for World Refugee Day", "a family just arrived at the town hall without papers",
    "nuestro albergue está lleno esta noche", "llegan 200 personas la semana que viene", "notre centre d'hébergement est complet ce soir",
    "le maire m'a demandé une note sur le pacte", "ملجأنا ممتلئ الليلة", "وصلت عائلة إلى البلدية بدون أوراق",
    "il nostro centro è pieno stasera", "arrivano cento persone domani", "o nosso abrigo está cheio esta noite",
    "unsere Unterkunft ist heute Nacht voll", "nächste Woche kommen 300 Menschen an", "το κέντρο μας είναι γεμάτο απόψε",
    "наш притулок сьогодні переповнений", "barınağımız bu gece dolu",
)

def _requests() -> tuple[str, ...]:
    """Each frame with each topic, then the situations: the shapes of a question that has no question mark."""
    asks = (frame.format(topic) for frames, topics in _REQUESTS.values() for frame in frames for topic in topics)
    return (*asks, *_SITUATIONS)


PROTOTYPES: dict[Kind, tuple[str, ...]] = {
    Kind.GREETING: _phrases(_GREETINGS),
    Kind.THANKS: _phrases(_THANKS),
    Kind.GOODBYE: _phrases(_GOODBYES),
    Kind.ACK: _phrases(_ACKS),
    Kind.IDENTITY: _phrases(_IDENTITY),
    Kind.CAPABILITY: _phrases(_CAPABILITY),
}
NOT_SOCIAL = _phrases(_NOT_SOCIAL) + _requests()

# Short turns that continue a conversation about the library: questions, not small talk, however short.
FOLLOW_UPS = (
    "tell me more", "more details please", "who runs it?", "how do we apply?", "in French please",
    "and for children?", "what about funding for that?", "where can I read it?", "is there an example?",
    "cuéntame más", "¿y para niños?", "¿quién lo organiza?", "en español, por favor", "dis-m'en plus",
    "et pour les enfants ?", "en français svp", "أخبرني المزيد", "وماذا عن التمويل؟", "dimmi di più", "e per i bambini?",
    "conte-me mais", "e o financiamento?", "erzähl mir mehr", "und die Finanzierung?", "πες μου περισσότερα",
    "και για τα παιδιά;",
)

# Emoji people send instead of words (skin tones and variation selectors are ignored).
EMOJI = {"👍": Kind.ACK, "👌": Kind.ACK, "✅": Kind.ACK, "🆗": Kind.ACK, "💯": Kind.ACK, "🙂": Kind.ACK,
         "😊": Kind.ACK, "😀": Kind.ACK, "😃": Kind.ACK, "😄": Kind.ACK, "😁": Kind.ACK, "😉": Kind.ACK,
         "🙏": Kind.THANKS, "❤": Kind.THANKS, "💙": Kind.THANKS, "💚": Kind.THANKS, "🧡": Kind.THANKS,
         "🤝": Kind.THANKS, "👏": Kind.THANKS, "🙌": Kind.THANKS, "🌹": Kind.THANKS, "💐": Kind.THANKS,
         "🥰": Kind.THANKS, "🫶": Kind.THANKS, "⭐": Kind.THANKS, "🌟": Kind.THANKS,
         "👋": Kind.GREETING, "🤗": Kind.GREETING, "🎉": Kind.GREETING, "🎄": Kind.GREETING}
# The parallel set's sentences in all its languages are the other class, with the follow-ups, the requests
# outside the remit (OUT_OF_REMIT, SPECIFIC_FACTS) and NOT_SOCIAL.
DOMAIN_LANGUAGES = ("en", "es", "fr", "ar", "it", "pt", "de", "el", "uk", "tr", "ru", "pl", "fa", "zh", "nl",
                    "ro", "sw", "ja")

# Measured on knowledge/eval/smalltalk.jsonl and smalltalk-holdout.jsonl (small talk, and mixed messages to be
# answered as questions) and on every question set of the project and of tests/data: a message of at most
# MAX_WORDS words and MAX_SEGMENTS sentences is small talk when every sentence, and the last clause of every
# sentence, is social. A sentence is scored by a logistic model over its e5 vector (social prototypes against the
# other class), by its cosine with the nearest social prototype, and by that cosine less its cosine with the
# nearest sentence of the other class (the margin). What it needs depends on its form: a short statement little;
# a longer one ("estamos armando un plan de acogida y agradecería materiales") a clear margin; a question must
# nearly paraphrase a social question, since the model alone takes off-topic questions ("who won the match?") for
# small talk: they are merely not the domain. The floors were chosen with the prototypes and written negatives
# that nearly copy a scored message (cosine 0.95 or more) left out, so as to hold with every one loosened by 0.01
# (0.1 for the model's probability) without any question of the sets taken for small talk; that scores 0.994
# and 0.896 on the two sets (0.997 and 0.948 with every prototype). Chosen the same way on one set alone, the
# floors score the other 0.835 (fitted on the first) and 0.994 (on the second). In a language with no
# prototype at all: 0.972 and 0.730.
MAX_WORDS = 40
MAX_SEGMENTS = 4
LONG_WORDS = 6


@dataclass(frozen=True)
class Floor:
    """What a sentence of one form needs to count as social."""
    probability: float   # the logistic model's
    similarity: float    # cosine with the nearest social prototype
    margin: float        # that cosine less the cosine with the nearest sentence of the other class


SHORT = Floor(0.1, 0.84, -0.01)      # a statement of at most LONG_WORDS words: "ok, thanks", "Muito prazer!"
LONG = Floor(0.3, 0.86, 0.02)        # a longer statement: an introduction, an apology, a sign-off
ASKED = Floor(0.3, 0.92, -0.01)      # with a question mark: "are you a bot?", "¿qué tal?"
# A message of several sentences whose whole vector scores below this is a question; its sentences are not
# embedded one by one (that cost a third of the throughput).
PREFILTER = 0.25

WORD = re.compile(r"\w+", re.UNICODE)
QUESTION = re.compile(r"[?؟;¿？]")
# Sentence ends, including the Arabic, Greek and full-width (Chinese, Japanese) ones.
SEGMENT = re.compile(r"(?<=[.!?;؟;…])\s+|(?<=[。！？])|\n+")
# Clause breaks inside a sentence: commas, colons, dashes between spaces.
CLAUSE = re.compile(r"\s*[,:،，：]\s*|\s+[-–—]+\s+")


@dataclass(frozen=True)
class SmallTalk:
    kind: Kind
    similarity: float
    margin: float

    def social_only(self, text: str) -> bool:
        """Small talk even in the middle of a conversation: thanks, greetings, goodbyes and "ok" are; a
        question ("who runs it?", "and its email?") there is a follow-up unless it is plainly about the bot."""
        if self.kind in (Kind.GREETING, Kind.THANKS, Kind.GOODBYE, Kind.ACK) and not QUESTION.search(text):
            return True
        return self.similarity >= 0.95


def _emoji_only(text: str) -> Kind | None:
    symbols = [ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Mn", "Cf", "Sk")]
    if not symbols or any(ch.isalnum() for ch in symbols):
        return None
    kinds = [EMOJI.get(ch) for ch in symbols if unicodedata.category(ch) == "So"]
    kinds = [k for k in kinds if k is not None]
    return kinds[0] if kinds else None


def _has_words(part: str) -> bool:
    """A sentence with letters or digits; "🐣" or "☔" after "Happy Easter!" adds nothing to judge."""
    return any(ch.isalnum() for ch in part)


def _floor(text: str, asked: bool) -> Floor:
    """The floor for a sentence or clause: a question's, whatever its length, else by its number of words."""
    if asked:
        return ASKED
    return LONG if len(WORD.findall(text)) > LONG_WORDS else SHORT


def last_clause(sentence: str) -> str | None:
    """The last clause of a sentence that has several: where a greeting-led question puts its question."""
    clauses = [c.strip() for c in CLAUSE.split(sentence) if _has_words(c)]
    return clauses[-1] if len(clauses) > 1 else None


class SmallTalkDetector:
    def __init__(self, embedder: Embedder, cache_dir: Path | None = None) -> None:
        from sklearn.linear_model import LogisticRegression

        self.embedder = embedder
        self.kinds: list[Kind] = [kind for kind, phrases in PROTOTYPES.items() for _ in phrases]
        phrases = [p for ps in PROTOTYPES.values() for p in ps]
        rows = load_parallel()
        domain = [row[lang] for row in rows for lang in DOMAIN_LANGUAGES if row.get(lang)]
        domain += list(FOLLOW_UPS) + list(OUT_OF_REMIT) + list(SPECIFIC_FACTS) + list(NOT_SOCIAL)
        self.prototypes, self.domain = self._vectors(phrases, domain, cache_dir)
        x = np.vstack([self.prototypes, self.domain])
        y = np.r_[np.ones(len(self.prototypes)), np.zeros(len(self.domain))]
        self.model = LogisticRegression(C=16.0, class_weight="balanced", max_iter=5000).fit(x, y)
        self.blas = ThreadpoolController()

    def _vectors(self, phrases: list[str], domain: list[str], cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray]:
        digest = hashlib.sha256("\n".join([self.embedder.name, *phrases, "--", *domain]).encode()).hexdigest()[:16]
        path = cache_dir / f"smalltalk-{digest}.npz" if cache_dir is not None else None
        if path is not None and path.exists():
            try:
                data = np.load(path)
                return data["prototypes"], data["domain"]
            except (OSError, ValueError, KeyError):
                log.warning("re-embedding unreadable %s", path)
        prototypes = self.embedder.encode_queries(phrases)
        domain_vectors = self.embedder.encode_queries(domain)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, prototypes=prototypes, domain=domain_vectors)
        return prototypes, domain_vectors

    @staticmethod
    def segments(text: str) -> list[str]:
        return [part.strip() for part in SEGMENT.split(text) if part.strip()]

    def worth_embedding(self, text: str) -> bool:
        """Short enough to be small talk: only these messages need the model."""
        return 0 < len(WORD.findall(text)) <= MAX_WORDS

    def _social(self, vectors: np.ndarray, floors: list[Floor]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which sentences are social (each against the floor of its form), their model probabilities and their
        cosines with the prototypes.

        The products run on one BLAS thread: against thousands of prototypes OpenBLAS would wake its workers,
        which then spin and take the cores the embedder needs next. Measured on the project's questions through
        the whole chat path: 72 ms a message with the default threads, 51 ms with one (the embedding: 38 ms)."""
        with self.blas.limit(limits=1, user_api="blas"):
            probabilities = self.model.predict_proba(vectors)[:, 1]
            similarities = vectors @ self.prototypes.T
            best = similarities.max(axis=1)
            margins = best - (vectors @ self.domain.T).max(axis=1)
        need = np.array([(f.probability, f.similarity, f.margin) for f in floors])
        social = (probabilities >= need[:, 0]) & (best >= need[:, 1]) & (margins >= need[:, 2])
        return social, probabilities, similarities

    def _clauses_social(self, sentences: list[str]) -> bool:
        """The last clause of every sentence is social too: "hola, ¿qué es el padrón?" asks about the padrón,
        "ciao, vorrei sapere come funziona il SAI" wants to know about the SAI."""
        pairs = [(c, _floor(c, asked=bool(QUESTION.search(s)))) for s in sentences if (c := last_clause(s))]
        if not pairs:
            return True
        social, _, _ = self._social(self.embedder.encode_queries([c for c, _ in pairs]), [f for _, f in pairs])
        return bool(social.all())

    def classify(self, text: str, vector: np.ndarray | None = None) -> SmallTalk | None:
        """Small talk, and which kind; None for anything that should be treated as a question.

        ``vector`` is the whole message's raw query embedding when the caller has it (it is reused for the
        search)."""
        emoji = _emoji_only(text)
        if emoji is not None:
            return SmallTalk(emoji, 1.0, 1.0)
        if not self.worth_embedding(text):
            return None
        parts = self.segments(text)
        if len(parts) > MAX_SEGMENTS:
            return None
        words = [p for p in parts if _has_words(p)]
        if not words:
            return None
        if vector is not None and len(words) > 1 and self.model.predict_proba(vector[None, :])[0, 1] < PREFILTER:
            return None  # a question with several sentences: no need to embed each of them
        if len(words) == 1 and vector is not None and words[0] == text.strip():
            vectors = vector[None, :]
        else:
            vectors = self.embedder.encode_queries(words)
        floors = [_floor(w, asked=bool(QUESTION.search(w))) for w in words]
        social, probabilities, similarities = self._social(vectors, floors)
        if not social.all() or not self._clauses_social(words):
            return None
        # The kind of the last sentence decides the reply: "Thanks! Bye." is a goodbye.
        best = int(np.argmax(similarities[-1]))
        return SmallTalk(self.kinds[best], float(similarities[-1, best]), float(probabilities.min()))
