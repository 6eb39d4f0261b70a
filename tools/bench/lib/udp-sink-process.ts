/**
 * The stand-in X-Ray daemon as a process of its own (`startUdpSink({ besideTheFunction })`):
 * counts the datagrams it receives, tells its port once bound and its count when asked, over IPC.
 */
import { createSocket } from 'node:dgram';
import type { SinkCommand, SinkReply } from './udp-sink';

const reply = (message: SinkReply): void => void process.send?.(message);
const socket = createSocket({ type: 'udp4', recvBufferSize: Number(process.argv[2]) });
let received = 0;
socket.on('message', () => (received += 1));
socket.bind(0, '127.0.0.1', () => reply({ type: 'bound', port: socket.address().port }));
process.on('message', (command: SinkCommand) => {
  if (command.type === 'count') reply({ type: 'count', count: received });
});
process.on('disconnect', () => process.exit(0));
