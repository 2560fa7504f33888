// The baseline every figure is compared with: a bare Fastify route returning a constant 3 KB JSON
// document, in its own process, as the CMS runs in its own.
import process from 'node:process';
import Fastify from 'fastify';

const words = 'storm river harbour council budget election market energy climate school transport health'.split(' ');
const body = {
  id: 'art_01jfz3c8m2q5r7t9v1w3x5y7z9',
  slug: 'constant-article',
  title: 'A constant article for the baseline',
  summary: 'The same bytes on every request.',
  body: Array.from({ length: 430 }, (_, i) => words[i % words.length]).join(' '),
  tags: [{ id: 'tag_1', slug: 'climate', name: 'Climate' }],
};
const json = JSON.stringify(body);

const app = Fastify({ logger: false });
app.get('/constant', async (_request, reply) => reply.type('application/json; charset=utf-8').send(json));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
