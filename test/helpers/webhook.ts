/** A real HTTP receiver for the notifier's webhook channel, recording what arrives. */
import { createServer, type Server } from 'node:http';
import type { Bilingual } from '../../domain/bilingual';

export interface ReceivedNotification {
  key: string;
  kind: string;
  taskId?: string;
  recipient: { id: string };
  text: Bilingual;
  at: string;
  idempotencyKey: string;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedNotification[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedNotification[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as Omit<ReceivedNotification, 'idempotencyKey' | 'receivedAt'>;
      received.push({ ...parsed, idempotencyKey: String(req.headers['idempotency-key']), receivedAt: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
