#!/usr/bin/env python3
"""smtp_sink.py PORT DIR: a real SMTP server (aiosmtpd) on 127.0.0.1:PORT that writes
each message it accepts to DIR/NNNN.eml: the envelope as X-Envelope-From/-To lines,
then the message exactly as received. Prints "ready" once it listens; stops on
SIGTERM. For the mail tests (tests/integration/mail_out.test.mjs)."""
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%04d.eml" % self.count)
        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (
            envelope.mail_from, ", ".join(envelope.rcpt_tos))
        with open(name + ".tmp", "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(name + ".tmp", name)  # whole files only, for the test's reader
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
