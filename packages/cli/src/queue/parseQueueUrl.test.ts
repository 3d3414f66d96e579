import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from './parseQueueUrl.js';

describe('parseQueueUrl', () => {
  it('reads host, port, db and a password, and never shows the password', () => {
    const c = parseQueueUrl('redis://:s3cr%40t@10.0.0.5:6380/2', {});
    expect(c).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, password: 's3cr@t' });
    expect(c.display).toBe('redis://:***@10.0.0.5:6380/2');
    expect(c.display).not.toContain('s3cr');
  });

  it('takes the password from HEMOCAM_QUEUE_PASSWORD; defaults port 6379 and db 0', () => {
    const c = parseQueueUrl('redis://queue.lab', { HEMOCAM_QUEUE_PASSWORD: 'pw' });
    expect(c).toMatchObject({ host: 'queue.lab', port: 6379, db: 0, password: 'pw', display: 'redis://:***@queue.lab:6379/0' });
    expect(parseQueueUrl('redis://127.0.0.1:7000', {}).password).toBeUndefined();
  });

  it('refuses what is not a redis URL, without echoing it', () => {
    expect(() => parseQueueUrl('http://:pw@x', {})).toThrow(/must be a redis:\/\/ URL/);
    expect(() => parseQueueUrl('not a url :pw', {})).toThrow(/not a URL\)$/);
    expect(() => parseQueueUrl('redis://h:1/abc', {})).toThrow(/must be a number/);
  });
});
