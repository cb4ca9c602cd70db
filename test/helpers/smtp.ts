import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  kind: string | undefined;
  language: string | undefined;
}

/**
 * A real SMTP server in the test process, recording every message it accepts. `stop()` and
 * `start()` take it down and bring it back on the same port (a mail outage).
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;
  /** answer this to every recipient (e.g. 550 for a permanent refusal) */
  rejectRecipients: { code: number; message: string } | null = null;

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await smtp.start();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipients) {
          const error = Object.assign(new Error(this.rejectRecipients.message), { responseCode: this.rejectRecipients.code });
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const addresses = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
            this.messages.push({
              to: addresses.flatMap((address) => address.value.map((value) => value.address ?? '')),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              kind: mail.headers.get('x-fasp-kind') as string | undefined,
              language: mail.headers.get('content-language') as string | undefined,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.listen(this.port, '127.0.0.1', () => resolve());
      server.once('error', reject);
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(email: string): ReceivedMail[] {
    return this.messages.filter((message) => message.to.includes(email));
  }

  ofKind(kind: string): ReceivedMail[] {
    return this.messages.filter((message) => message.kind === kind);
  }
}
