import { defineActionModule } from '../define.ts'
import { defaultHeaders, sendWebhook } from './webhook-request.ts'

interface TelegramParams {
  bot_token: unknown
  chat_id: unknown
  message_body_template: unknown
}

/**
 * Telegram Send Alert: posts the rendered template to a Telegram chat through the bot API
 * (spec/ENGINE.md §4.3). The API base URL is the host's `telegram` service (setting
 * `Sluice.telegram_api_url`, default `https://api.telegram.org`). The bot token is part of the
 * URL, so error lines never quote the URL (webhook-request.ts).
 */
export const telegramSendAlert = defineActionModule<TelegramParams>({
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
  exec(ctx) {
    const token = typeof ctx.params.bot_token === 'string' ? ctx.params.bot_token.trim() : ''
    if (token === '' || !/^[\w:-]+$/.test(token)) {
      ctx.errors.push('Telegram bot token not provided or not valid.')
      return false
    }
    const base = ctx.outbound?.service?.('telegram')?.url ?? 'https://api.telegram.org'
    return sendWebhook(ctx, {
      url: `${base}/bot${token}/sendMessage`,
      method: 'POST',
      headers: defaultHeaders(),
      body: JSON.stringify({
        chat_id: ctx.params.chat_id ?? '',
        text: String(ctx.params.message_body_template ?? ''),
        parse_mode: 'HTML',
      }),
      verifyTls: true,
      statusError: (status, body) =>
        status === 401 ? 'Authentication failed' : `Something went wrong with the request: ${body}`,
    })
  },
})
