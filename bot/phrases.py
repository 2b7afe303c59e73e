"""Everything the bot says to officials, as gettext message ids (English is the source language).

Catalogues in ``bot/locale/<lang>/LC_MESSAGES/messages.po`` translate these strings; a test checks that
every catalogue has every one of them with the same placeholders.
"""

from __future__ import annotations

GREETING = "Hello! I answer questions on migration and refugee policy for cities, from the Mayors Migration Council's library of guides, research, tools and policy briefs, and I always cite my sources. When I cannot answer, I pass your question to the council's team."
HELP = "How to use me:\n• Write your question in your own words, in any language.\n• /ask <question>: ask a question.\n• /human <question>: send your question straight to the council's team.\n• /help: this message.\nI answer only from the council's resources and name them. When I cannot answer, the team answers you here."
UNKNOWN_COMMAND = 'I do not know the command /{name}.'
STALE_BUTTON = 'That button is no longer valid.'
THANKS_FEEDBACK = 'Thank you for your feedback.'
SOURCE = 'Source: {title}'
SOURCE_LANGUAGE = 'This source is in {language}.'
RELATED = 'Related resources:'
BUTTON_HELPFUL = 'Helpful'
BUTTON_NOT_HELPFUL = 'Not helpful, ask the team'
NOTHING_FOUND = 'I could not find a good answer in the resource library.'
WRITE_TO_TEAM = "Please write to the council's team at contact@mayorsmigrationcouncil.org."
NOT_RECORDED = 'Sorry, I could not record your request just now. Nothing was sent to the team. Please try again in a few minutes.'
ALREADY_OPEN = 'You already asked this and your request #{ticket} is still open. The team will answer you here.'
PASSED_TO_TEAM = "I have passed your question to the council's team (request #{ticket}). They will answer you here."
EMPTY = 'Please write a question, for example: “How can my city take part in the Global Refugee Forum?”'
TOO_LONG = 'Your message is too long ({length} characters; the limit is {limit}). Please send a shorter question, or its key part.'
NO_WORDS = 'I could not find any words in your message. Please write your question in words.'
INTERNAL_ERROR = 'Sorry, something went wrong on our side. Please try again.'
STAFF_ANSWER_HEADER = "Answer from the council's team (request #{ticket}):"
YOU_ASKED = 'You asked: {question}'
STAFF_ONLY = "Only the council's staff can use /{name}."
TEXT_ONLY = 'For now I can read only text questions. Please type your question.'
LOOKING = 'Looking in the library…'
ASSISTANT_HELLO = "Hello! Ask me anything about migration and refugee policy for cities. I answer from the Mayors Migration Council's library and cite my sources; when I cannot answer, the council's team will."
PROMPT_JOIN = 'How can my city join the Mayors Migration Council?'
PROMPT_FUNDING = 'What funding can cities get for refugee inclusion?'
PROMPT_HOUSING = 'How do other cities house newly arrived refugees?'
COMMAND_START = 'What this bot does'
COMMAND_ASK = 'Ask a question'
COMMAND_HUMAN = "Send your question to the council's team"
COMMAND_HELP = 'How to use the bot'
EXAMPLES = 'For example, you could ask:'
WELCOME = "You're welcome! Ask me again whenever you need."
GOODBYE = 'Goodbye, and good luck with your work. I am here whenever you need me.'
ACK = 'Glad to help. Ask me another question whenever you like.'
WHO_I_AM = "I am an automated assistant, not a person. I answer from the Mayors Migration Council's library of guides, research, tools and policy briefs, and I cite my sources. When I cannot answer, I pass your question to the council's team, who are people, and their answer comes back here."
NO_MORE = "That is all this resource says on the subject. Ask me another question, or write /human to ask the council's team."
NO_RESOURCE_IN_LANGUAGE = 'I have no resource in {language} that answers this.'
NO_MORE_AFTER_REQUEST = "I found no resource that answers your last question, so there is nothing more to show. The council's team has your question and will answer you here."
NO_MORE_AFTER_STAFF_ANSWER = "The council's team has answered your last question (request #{ticket}): their answer is above. Ask me another question, or write /human <question> to ask the team something else."

ALL = (GREETING, HELP, UNKNOWN_COMMAND, STALE_BUTTON, THANKS_FEEDBACK, SOURCE, SOURCE_LANGUAGE, RELATED, BUTTON_HELPFUL, BUTTON_NOT_HELPFUL, NOTHING_FOUND, WRITE_TO_TEAM, NOT_RECORDED, ALREADY_OPEN, PASSED_TO_TEAM, EMPTY, TOO_LONG, NO_WORDS, INTERNAL_ERROR, STAFF_ANSWER_HEADER, YOU_ASKED, STAFF_ONLY,
       TEXT_ONLY, LOOKING, ASSISTANT_HELLO, PROMPT_JOIN, PROMPT_FUNDING, PROMPT_HOUSING,
       COMMAND_START, COMMAND_ASK, COMMAND_HUMAN, COMMAND_HELP,
       EXAMPLES, WELCOME, GOODBYE, ACK, WHO_I_AM, NO_MORE, NO_RESOURCE_IN_LANGUAGE,
       NO_MORE_AFTER_REQUEST, NO_MORE_AFTER_STAFF_ANSWER)
