import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A tiny SMTP server for the engine the demo starts itself: it accepts every message, keeps
 * nothing but a count per kind of notification, and lets no email leave the machine.
 */
export class MailSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    private readonly received: { count: number; byKind: Map<string, number> },
  ) {}

  /** messages received so far */
  get count(): number {
    return this.received.count;
  }

  /** messages received so far by kind (the X-FASP-Kind header) */
  get byKind(): ReadonlyMap<string, number> {
    return this.received.byKind;
  }

  static async start(): Promise<MailSink> {
    const received = { count: 0, byKind: new Map<string, number>() };
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 64 * 1024) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          const kind = /^x-fasp-kind:\s*(\S+)/im.exec(head)?.[1] ?? 'other';
          received.count += 1;
          received.byKind.set(kind, (received.byKind.get(kind) ?? 0) + 1);
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new MailSink(server, (server.server.address() as AddressInfo).port, received);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
