/**
 * @serialport/binding-mock transport: `attachMockBinding(path)` creates a mock port at
 * `path`; when a host opens it (new SerialPort({ path, binding: MockBinding }) or
 * SerialPortMock), what the host writes reaches the device and the device's bytes arrive
 * as received data.
 *
 * MockBinding has no hook for "the other side", so the emulator wraps MockBinding.open
 * once and, for attached paths only, wraps the opened port's write() and close(). The
 * port still records writes (`record: true`) and keeps its usual behaviour for every
 * other path.
 */
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import type { OpenOptions } from '@serialport/bindings-interface';
import type { LinkSession } from '../link/link-session';
import type { OpenSession } from './in-process-link';

export interface MockBindingAttachment {
  path: string;
  /** Stops serving the path; an open port stays open but goes quiet. */
  close(): void;
}

const attached = new Map<string, OpenSession>();
let hooked = false;

function hookOpen(): void {
  if (hooked) return;
  hooked = true;
  const originalOpen = MockBinding.open.bind(MockBinding);
  MockBinding.open = async (options: OpenOptions) => {
    const port = await originalOpen(options);
    const open = attached.get(options.path);
    if (open) wirePort(port, options.path, open);
    return port;
  };
}

function wirePort(port: MockPortBinding, path: string, open: OpenSession): void {
  let session: LinkSession | undefined;
  session = open({
    name: `binding-mock ${path}`,
    tcp: false,
    write: (bytes) => {
      if (port.isOpen) port.emitData(bytes);
    },
    drop: () => unplug(port),
  });

  const write = port.write.bind(port);
  port.write = async (buffer: Buffer) => {
    await write(buffer);
    session?.receive(buffer);
  };
  const close = port.close.bind(port);
  port.close = async () => {
    session?.close();
    session = undefined;
    await close();
  };
}

/**
 * Makes the port fail like an unplugged USB adapter: reads reject with a plain error, which
 * SerialPort reports as a disconnect and answers by closing the port.
 */
function unplug(port: MockPortBinding): void {
  const error = new Error('device disconnected (emulator dropConnection)');
  port.read = () => Promise.reject(error);
  const internals = port as unknown as { pendingRead: ((e?: Error) => void) | null };
  const pending = internals.pendingRead;
  internals.pendingRead = null;
  pending?.(error);
}

export function attachMockBinding(path: string, open: OpenSession): MockBindingAttachment {
  hookOpen();
  MockBinding.createPort(path, { echo: false, record: true });
  attached.set(path, open);
  return {
    path,
    close() {
      if (attached.get(path) === open) attached.delete(path);
    },
  };
}
