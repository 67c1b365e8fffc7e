import { describe, expect, it } from 'vitest'
import { isSecretParameter, maskFeedSecrets, maskUrlCredentials } from './feed-url-mask.ts'

describe('maskUrlCredentials', () => {
  it('masks the password of the user part and keeps the user name', () => {
    expect(maskUrlCredentials('https://reader:hunter22@feeds.example.org/list.txt')).toBe(
      'https://reader:***@feeds.example.org/list.txt',
    )
  })

  it('masks a lone user part whole, as services put tokens there', () => {
    expect(maskUrlCredentials('https://ghp_abcdef123456@raw.example.org/f.csv')).toBe(
      'https://***@raw.example.org/f.csv',
    )
  })

  it('masks a password holding an unencoded @ up to the last @ of the host part', () => {
    expect(maskUrlCredentials('https://u:p@ss@host.example/f')).toBe('https://u:***@host.example/f')
  })

  it('masks the values of secret-looking query and fragment parameters and keeps the others', () => {
    expect(
      maskUrlCredentials(
        'https://h.example/f?format=csv&token=T1&key=K1&apikey=A1&api_key=A2&access_token=X1&X-Amz-Signature=S1#access_token=F1',
      ),
    ).toBe(
      'https://h.example/f?format=csv&token=***&key=***&apikey=***&api_key=***&access_token=***&X-Amz-Signature=***#access_token=***',
    )
  })

  it('leaves a URL without credentials and a local path as they are', () => {
    for (const url of ['https://check.torproject.org/exit-addresses?x=1', '/var/feeds/list.txt', 'http://h/?token']) {
      expect(maskUrlCredentials(url)).toBe(url)
    }
  })
})

describe('isSecretParameter', () => {
  it('reads percent-encoded names and ignores the case', () => {
    expect(isSecretParameter('API%5FKEY')).toBe(true)
    expect(isSecretParameter('Auth')).toBe(true)
    expect(isSecretParameter('format')).toBe(false)
    expect(isSecretParameter('page')).toBe(false)
  })
})

describe('maskFeedSecrets', () => {
  const url = 'https://reader:hunter22@feeds.example.org/list.txt?token=abc%2Fdef'

  it('masks the whole URL and any secret part quoted on its own, encoded or not', () => {
    const message = `GET ${url} failed; auth hunter22 refused; token abc/def expired`
    const masked = maskFeedSecrets(message, url)
    expect(masked).toBe(
      'GET https://reader:***@feeds.example.org/list.txt?token=*** failed; auth *** refused; token *** expired',
    )
  })

  it('leaves short secrets to the URL-wide masking so the rest of the message stays readable', () => {
    expect(maskFeedSecrets('the feed source answered HTTP 404', 'https://u:40@h.example/f')).toBe(
      'the feed source answered HTTP 404',
    )
  })
})
