import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "../log.js";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The mail's link, logged when there is no SMTP server (the embedded default). */
  link?: string;
}

/**
 * Sends mail through SMTP (`SMTP_URL`, nodemailer) or, with no SMTP configured, writes each message as an
 * `.eml` file to `$DATA_DIR/outbox/` and logs its link, so a self-hoster without a mail server can still
 * verify and reset. A failed send is logged and counted; callers answer users the same either way.
 */
export class Mailer {
  readonly outboxDir: string;
  readonly #transport: nodemailer.Transporter;
  readonly #smtp: boolean;

  constructor(
    private readonly opts: { smtpUrl: string | null; from: string; dataDir: string },
    private readonly log: Logger,
    private readonly onResult: (result: "sent" | "outbox" | "failed") => void = () => undefined,
  ) {
    this.outboxDir = path.join(opts.dataDir, "outbox");
    this.#smtp = opts.smtpUrl !== null;
    this.#transport = opts.smtpUrl
      ? nodemailer.createTransport(opts.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  }

  get usesSmtp(): boolean {
    return this.#smtp;
  }

  async send(mail: OutgoingMail): Promise<boolean> {
    const message = {
      from: this.opts.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // Quoted-printable lines of at most 76 characters would split a long link; base64 keeps it intact.
      textEncoding: "base64" as const,
    };
    try {
      if (this.#smtp) {
        await this.#transport.sendMail(message);
        this.onResult("sent");
        return true;
      }
      const info = (await this.#transport.sendMail(message)) as { message: Buffer };
      fs.mkdirSync(this.outboxDir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomBytes(4).toString("hex")}.eml`;
      fs.writeFileSync(path.join(this.outboxDir, name), info.message, { mode: 0o600 });
      this.log.info("no SMTP_URL: mail written to the outbox", {
        file: name,
        subject: mail.subject,
        ...(mail.link ? { link: mail.link } : {}),
      });
      this.onResult("outbox");
      return true;
    } catch (err) {
      this.log.error("sending mail failed", { subject: mail.subject, err: String(err) });
      this.onResult("failed");
      return false;
    }
  }

  /** Deletes outbox files addressed to `email` (account deletion leaves no copy of the address behind). */
  forgetRecipient(email: string): number {
    if (this.#smtp) return 0;
    let n = 0;
    let names: string[];
    try {
      names = fs.readdirSync(this.outboxDir);
    } catch {
      return 0;
    }
    const needle = email.toLowerCase();
    for (const name of names) {
      const file = path.join(this.outboxDir, name);
      try {
        const head = fs.readFileSync(file, "utf8").split(/\r?\n\r?\n/, 1)[0] ?? "";
        const to = /^To:\s*(.*)$/im.exec(head)?.[1]?.toLowerCase() ?? "";
        if (to.includes(needle)) {
          fs.rmSync(file, { force: true });
          n++;
        }
      } catch {
        // A file that vanished meanwhile is fine.
      }
    }
    return n;
  }

  close(): void {
    this.#transport.close();
  }
}
