/**
 * More LINE Official Accounts behind one fake LINE: each a channel access token that LINE answers
 * for its own account, as the Messaging API does — `GET /v2/bot/info` names the account
 * (https://developers.line.biz/en/reference/messaging-api/#get-bot-info: userId, basicId,
 * displayName, chatMode, markAsReadMode) and `GET /v2/bot/followers/ids` lists its followers
 * (none here). For a test that connects a second account by its channel (issue 13) while the
 * fake's own channel stays the first account's. Pass `extraRoutes` in startFakeLine's options.
 */
import { json, type RecordedRequest, type Reply } from './fake-http';

export interface FakeChannel { basicId: string; channelAccessToken: string; displayName: string }

export function otherChannelRoutes(channels: FakeChannel[]) {
  return (req: RecordedRequest, host: 'api' | 'data'): Reply | undefined => {
    if (host !== 'api') return undefined;
    const channel = channels.find((c) => req.headers.authorization === `Bearer ${c.channelAccessToken}`);
    if (!channel) return undefined;
    if (req.method === 'GET' && req.path === '/v2/bot/info') {
      return json(200, { userId: `U${'c'.repeat(32)}`, basicId: channel.basicId, displayName: channel.displayName, chatMode: 'bot', markAsReadMode: 'auto' });
    }
    if (req.method === 'GET' && req.path === '/v2/bot/followers/ids') return json(200, { userIds: [] });
    return undefined;
  };
}
