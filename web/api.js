// The blog API: every failure becomes an ApiError carrying the problem document (RFC 9457) the API sent, or, for
// answers of the HTTP API itself ({"message": ...}) and network failures, one shaped like it.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const PRECONDITION_FAILED = 'https://blog.example.com/problems/precondition-failed';

export function isStaleVersion(error) {
  return error instanceof ApiError && (error.status === 412 || error.problem.type === PRECONDITION_FAILED);
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') ?? '';
  const text = await response.text().catch(() => '');
  if (/json/i.test(type) && text) {
    try {
      const body = JSON.parse(text);
      if (body && typeof body === 'object') {
        if (body.message && !body.title) {
          return { title: body.message, detail: `${body.message} (HTTP ${response.status})`, status: response.status };
        }
        return body;
      }
    } catch {
      // Not JSON after all: fall through to the status line.
    }
  }
  return { title: response.statusText || `HTTP ${response.status}`, detail: `The server answered HTTP ${response.status}.`,
    status: response.status };
}

export function createApi(apiBase, tokenOf) {
  async function call(method, path, { body, etag, json } = {}) {
    const headers = {};
    if (json) {
      headers['Content-Type'] = 'application/json';
    }
    const token = tokenOf();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    if (etag) {
      headers['If-Match'] = etag;
    }
    let response;
    try {
      response = await fetch(apiBase + path, { method, headers, body });
    } catch (cause) {
      throw new ApiError(0, { title: 'Network error', detail: 'The blog API cannot be reached. Check your connection'
        + ' and try again.' });
    }
    if (!response.ok) {
      throw new ApiError(response.status, await problemOf(response));
    }
    return response;
  }

  /** An S3 error document (XML) as a problem, so the page shows it like the API's own errors. */
  async function uploadProblemOf(response) {
    const text = await response.text().catch(() => '');
    const xml = new DOMParser().parseFromString(text, 'application/xml');
    const code = xml.querySelector('Code')?.textContent;
    const message = xml.querySelector('Message')?.textContent;
    const detail = code === 'EntityTooLarge' ? 'The image is larger than uploads may be.'
      : message || `The image store answered HTTP ${response.status}.`;
    return { title: 'The image was not uploaded', detail, status: response.status, errors: { image: detail } };
  }

  return {
    /**
     * Puts an image straight into the bucket through a presigned form (the API itself takes at most 4 MiB in a
     * request), and returns the key a post then names in imageUpload.
     */
    async upload(file) {
      const body = JSON.stringify({ contentType: file.type });
      const started = await (await call('POST', '/uploads', { body, json: true })).json();
      const form = new FormData();
      for (const [name, value] of Object.entries(started.fields)) {
        form.append(name, value);
      }
      form.append('file', file, file.name); // the file goes last: the store ignores fields after it
      let response;
      try {
        response = await fetch(started.url, { method: 'POST', body: form });
      } catch (cause) {
        throw new ApiError(0, { title: 'Network error', detail: 'The image store cannot be reached. Check your'
          + ' connection and try again.', errors: { image: 'was not uploaded' } });
      }
      if (!response.ok) {
        throw new ApiError(response.status, await uploadProblemOf(response));
      }
      return started.key;
    },
    async list(cursor, limit = 10) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) {
        query.set('cursor', cursor);
      }
      return (await call('GET', `/blogs?${query}`)).json();
    },
    async get(id) {
      const response = await call('GET', `/blogs/${encodeURIComponent(id)}`);
      return { post: await response.json(), etag: response.headers.get('ETag') };
    },
    async create(form) {
      const response = await call('POST', '/blogs', { body: form });
      return { post: await response.json(), etag: response.headers.get('ETag') };
    },
    async update(id, etag, form) {
      const response = await call('PUT', `/blogs/${encodeURIComponent(id)}`, { body: form, etag });
      return { post: await response.json(), etag: response.headers.get('ETag') };
    },
    async remove(id, etag) {
      await call('DELETE', `/blogs/${encodeURIComponent(id)}`, { etag });
    },
  };
}
