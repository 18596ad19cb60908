// Vocabulary of the seed data: numbers, message bodies, names and error codes.
// Bodies include non-GSM characters, markup and newlines on purpose, for encoders.

/** The sandbox's own numbers (555-01xx is reserved for fiction), bought as IncomingPhoneNumbers. */
export const OUR_NUMBERS = ['+14155550100', '+14155550101', '+14155550102', '+14155550103', '+14155550104'];
export const TOLL_FREE = '+18335550199';
export const WHATSAPP_SENDER = 'whatsapp:+14155238886';

export const CUSTOMER_NUMBERS = [
  '+14155550123', '+12125550147', '+13105550188', '+16175550111', '+17735550164', '+15125550190',
  '+12065550172', '+13035550135', '+447700900123', '+447700900456', '+4915112345678', '+4917612345678',
  '+33612345678', '+33798765432', '+61412345678', '+61487654321', '+5511987654321', '+819012345678',
  '+919876543210', '+34612345678', '+390612345678', '+31612345678', '+46701234567', '+6591234567',
];

export const MESSAGE_BODIES = [
  'Your verification code is 482913',
  'Hi! Your order #1042 has shipped and will arrive Thursday.',
  'Reminder: appointment tomorrow at 10:30 AM. Reply C to confirm.',
  'Thanks, see you then!',
  'STOP',
  'Grüße aus Berlin 👋 – bis bald!',
  'Line one\nLine two\nLine three',
  'Price alert: <b>50% off</b> & free shipping "today" only',
  'Ça marche, merci beaucoup !',
  '¿Dónde está la oficina? 🙂',
  'Your table for 4 is ready. Please come to the host stand.',
  'Balance low: $4.20 remaining on your plan.',
  'Can you call me back when you get a chance?',
  'Delivery window: 2pm–4pm. Track at https://example.com/t/9f3k',
  'We could not process your payment. Please update your card details in the app within the next 48 hours to avoid interruption of service. Reply HELP for help.',
  '这是一条测试消息',
];

export const DELIVERY_ERRORS: Array<[number, string]> = [
  [30003, 'Unreachable destination handset'],
  [30005, 'Unknown destination handset'],
  [30006, 'Landline or unreachable carrier'],
  [30007, 'Message filtered'],
  [30008, 'Unknown error'],
];

export const CALL_OUTCOMES = ['completed', 'completed', 'completed', 'completed', 'busy', 'no-answer', 'failed', 'canceled'];

export const CONFERENCE_NAMES = ['Daily Standup', 'Support Escalation', 'Sales Sync', 'Board Review', 'Incident Bridge'];

export const TRANSCRIPTS = [
  'Hi, this is Dana from accounts. Please call me back about invoice 2231.',
  'Hello, I would like to reschedule my appointment to next Tuesday.',
  'This is an automated reminder that your prescription is ready for pickup.',
  'Hey, it is me. Running ten minutes late, start without me.',
  '(inaudible) ... call back after five.',
];

export const NOTIFICATION_ERRORS: Array<{ code: string; log: string; text: string }> = [
  { code: '11200', log: '0', text: 'Msg=HTTP+retrieval+failure&sourceComponent=12000&httpResponse=502' },
  { code: '11205', log: '0', text: 'Msg=HTTP+connection+failure&sourceComponent=12000' },
  { code: '13224', log: '1', text: 'Msg=Dial%3A+Invalid+phone+number+format&invalidPhoneNumber=555' },
  { code: '12100', log: '0', text: 'Msg=Document+parse+failure&line=3' },
  { code: '21610', log: '1', text: 'Msg=Attempt+to+send+to+unsubscribed+recipient' },
];

export const APPLICATION_NAMES = ['IVR Main Menu', 'SMS Autoresponder', 'Conference Bridge', 'After Hours', 'Survey Bot'];
export const CALLER_ID_NAMES = ['Front Desk', 'Mobile (Ana)', 'Warehouse', 'Night Shift', 'Billing'];
export const QUEUE_NAMES = ['support', 'sales', 'billing', 'vip'];
export const SHORT_CODES: Array<[string, string]> = [['55501', 'Alerts'], ['894546', 'Promotions'], ['72727', 'Surveys']];

export const INTELLIGENCE_SERVICES = ['support-calls', 'sales-calls'];

export const CUSTOM_OPERATORS: Array<{ name: string; description: string; config: Record<string, unknown> }> = [
  {
    name: 'Call Disposition',
    description: 'Classifies how a support call ended',
    config: {
      prompt: 'Classify the call outcome as resolved, escalated or abandoned.',
      json_result_schema: { type: 'object', properties: { outcome: { type: 'string', enum: ['resolved', 'escalated', 'abandoned'] } } },
    },
  },
  {
    name: 'Order Numbers',
    description: 'Extracts order numbers mentioned by the caller',
    config: {
      prompt: 'List every order number the customer mentions.',
      json_result_schema: { type: 'object', properties: { orders: { type: 'array', items: { type: 'string' } } } },
    },
  },
  {
    name: 'Call Summary',
    description: 'Two-sentence summary of the conversation',
    config: { prompt: 'Summarise the conversation in two sentences.', json_result_schema: { type: 'object', properties: { summary: { type: 'string' } } } },
  },
];

export const FLEX_PLUGINS = ['plugin-sample', 'plugin-crm-panel', 'plugin-legacy-dialpad'];

/** Communications API contacts: names and a city, for locations and display names. */
export const COMMS_CONTACTS: Array<{ first: string; last: string; city: string; country: string }> = [
  { first: 'Ada', last: 'Lovelace', city: 'London', country: 'GB' },
  { first: 'Grace', last: 'Hopper', city: 'New York', country: 'US' },
  { first: 'Katherine', last: 'Johnson', city: 'Hampton', country: 'US' },
  { first: 'Alan', last: 'Turing', city: 'Manchester', country: 'GB' },
  { first: 'Hedy', last: 'Lamarr', city: 'Vienna', country: 'AT' },
  { first: 'Margaret', last: 'Hamilton', city: 'Boston', country: 'US' },
  { first: 'Édouard', last: 'Lucas', city: 'Paris', country: 'FR' },
  { first: 'Sofia', last: 'Kovalevskaya', city: 'Stockholm', country: 'SE' },
];

export const COMMS_AUDIENCES = ['newsletter', 'beta-testers', 'vip'];

export const COMMS_MESSAGES = ['Your table is ready.', 'Your parcel ships today 📦', 'Reminder: renewal due Friday.', 'Thanks for joining the beta!'];
