// The Node peer of issue 7: a naive broadcast server on the npm `ws` package, the way most people would
// write one. Every message from any client is sent to every other open client with ws.send(), which frames
// it again for each of them. One process, one thread, no tuning.
//   node server.mjs [--port P] [--bind ADDRESS]     prints "listening on http://ADDRESS:PORT" when ready
import { WebSocketServer, WebSocket } from 'ws';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const host = flag('--bind', '127.0.0.1');
const port = Number(flag('--port', '0'));

const wss = new WebSocketServer({ host, port, perMessageDeflate: false, clientTracking: true, backlog: 4096 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
  ws.on('error', () => {});
});
wss.on('listening', () => {
  console.log(`listening on http://${host}:${wss.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
