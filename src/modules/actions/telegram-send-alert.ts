import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Telegram Send Alert: posts the rendered template to a Telegram chat through the bot API (spec/ENGINE.md §4.3). */
export const telegramSendAlert = defineActionModule({
  id: 'telegram-send-alert',
  name: 'Telegram Send Alert',
  description: 'Send a message alert to a Telegram channel',
  icon_path: 'Telegram.png',
  params: [
    { id: 'bot_token', label: 'Telegram Bot Token', type: 'input', placeholder: 'bot123:ABC' },
    { id: 'chat_id', label: 'Telegram Chat id', type: 'input', placeholder: '123' },
    {
      id: 'message_body_template',
      label: 'Message Body Template',
      type: 'textarea',
      // MISP's spelling.
      placeholder: 'Template redendered using Jinja2',
      jinja_supported: true,
    },
  ],
  exec: notYet('telegram-send-alert'),
})
