import { createApi, isStaleVersion } from './api.js';
import { completeSignIn, currentUser, signIn, signOut } from './auth.js';

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const alertBox = document.getElementById('alert');
const PAGE_SIZE = 10;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

let config;
let api;
/** Cursors of the pages shown before this one, so "Newer posts" can go back. */
let cursorTrail = [];
/** A message for the page a navigation leads to (hashchange clears the previous page's messages first). */
let pendingNotice = null;
/**
 * Counts navigations: a view whose data arrives after the reader has moved on (a slow list while the form is already
 * open) must not replace the newer view.
 */
let routeNumber = 0;

function navigate(hash, message) {
  pendingNotice = message;
  if (window.location.hash === hash) {
    clearMessages();
    say(message);
    pendingNotice = null;
    route();
  } else {
    window.location.hash = hash;
  }
}

/** A DOM element: attributes (on* are listeners) and children (strings become text, never HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function say(message) {
  notice.textContent = message;
}

function clearMessages() {
  notice.textContent = '';
  alertBox.replaceChildren();
}

/** Shows an API error from its problem document: the detail, and each field's message. */
function showError(error, lead) {
  const problem = error.problem ?? { detail: error.message };
  const children = [];
  if (lead) {
    children.push(el('p', {}, el('strong', {}, lead)));
  }
  children.push(el('p', {}, problem.detail ?? problem.title ?? 'Something went wrong.'));
  if (problem.errors && typeof problem.errors === 'object') {
    children.push(el('ul', {}, Object.entries(problem.errors).map(([field, message]) => el('li', {}, `${field}: ${message}`))));
  }
  if (problem.requestId) {
    children.push(el('p', {}, `Request id: ${problem.requestId}`));
  }
  alertBox.replaceChildren(...children);
}

function show(title, ...children) {
  document.title = title ? `${title} - Blog` : 'Blog';
  main.replaceChildren(...children);
}

function focusMain() {
  main.focus({ preventScroll: false });
}

function formatDate(text) {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : dateFormat.format(date);
}

function meta(post) {
  const changed = post.modifiedAt && post.modifiedAt !== post.createdAt ? ` (edited ${formatDate(post.modifiedAt)})` : '';
  return el('p', { class: 'meta' }, `By ${post.author}, `, el('time', { datetime: post.createdAt }, formatDate(post.createdAt)),
    changed);
}

function renderHeader() {
  const user = currentUser();
  document.getElementById('who').textContent = user ? `Signed in as ${user.name}` : '';
  document.getElementById('sign-in').hidden = Boolean(user);
  document.getElementById('sign-out').hidden = !user;
  document.getElementById('nav-new').hidden = !user;
}

// ------------------------------------------------------------------ views

async function listView(cursor, current) {
  const page = await api.list(cursor, PAGE_SIZE);
  if (!current()) {
    return;
  }
  const items = page.items.map(post => el('li', {},
    post.imageUrl ? el('img', { src: post.imageUrl, alt: '', loading: 'lazy' }) : null,
    el('div', {},
      el('h2', {}, el('a', { href: `#/posts/${encodeURIComponent(post.id)}` }, post.title)),
      meta(post),
      el('p', { class: 'excerpt' }, post.excerpt))));
  // The trail holds the cursors from the first page to this one, so "Newer posts" (and the back button) work.
  if (!cursor) {
    cursorTrail = [];
  } else if (cursorTrail.includes(cursor)) {
    cursorTrail = cursorTrail.slice(0, cursorTrail.indexOf(cursor) + 1);
  } else {
    cursorTrail.push(cursor);
  }
  const newer = cursorTrail.length > 1 ? `#/?cursor=${encodeURIComponent(cursorTrail.at(-2))}` : '#/';
  const paging = el('nav', { class: 'paging', 'aria-label': 'Pages' },
    cursor ? el('a', { href: newer }, el('span', { 'aria-hidden': 'true' }, '← '), 'Newer posts') : el('span'),
    page.nextCursor ? el('a', { href: `#/?cursor=${encodeURIComponent(page.nextCursor)}` }, 'Older posts', el('span', { 'aria-hidden': 'true' }, ' →')) : el('span'));
  show(null, el('h1', {}, 'Posts'),
    items.length ? el('ul', { class: 'posts' }, items) : el('p', {}, 'No posts yet.'),
    paging);
}

async function postView(id, current) {
  const { post, etag } = await api.get(id);
  if (!current()) {
    return;
  }
  const user = currentUser();
  const mine = user && user.name === post.author;
  show(post.title, el('article', { class: 'post' },
    el('h1', {}, post.title),
    meta(post),
    post.imageUrl ? el('img', { src: post.imageUrl, alt: `Image of the post “${post.title}”` }) : null,
    el('div', { class: 'content' }, post.content),
    mine ? el('div', { class: 'actions' },
      el('a', { class: 'button', href: `#/posts/${encodeURIComponent(post.id)}/edit` }, 'Edit'),
      el('button', { type: 'button', class: 'danger', onclick: event => deletePost(post, etag, event.currentTarget) },
        'Delete')) : null));
}

async function deletePost(post, etag, button) {
  if (!window.confirm(`Delete “${post.title}”? This cannot be undone.`)) {
    return;
  }
  clearMessages();
  button.disabled = true;
  try {
    await api.remove(post.id, etag);
    navigate('#/', `Deleted “${post.title}”.`);
  } catch (error) {
    button.disabled = false;
    showError(error, isStaleVersion(error)
      ? 'This post was changed elsewhere since you opened it, so it was not deleted. Reload it to see the changes.'
      : 'The post was not deleted.');
  }
}

/** The create and edit form; {post, etag} when editing. */
function formView(existing) {
  const post = existing?.post;
  let etag = existing?.etag;
  const titleError = el('p', { class: 'field-error', id: 'title-error' });
  const contentError = el('p', { class: 'field-error', id: 'content-error' });
  const imageError = el('p', { class: 'field-error', id: 'image-error' });
  const title = el('input', { type: 'text', id: 'title', name: 'title', required: true, maxlength: 200,
    value: post?.title ?? '', 'aria-describedby': 'title-error' });
  const content = el('textarea', { id: 'content', name: 'content', required: true, 'aria-describedby': 'content-error' });
  content.value = post?.content ?? '';
  const image = el('input', { type: 'file', id: 'image', name: 'image', accept: 'image/jpeg,image/png,image/gif,image/webp',
    'aria-describedby': 'image-hint image-error' });
  const preview = el('img', { class: 'preview', alt: 'Preview of the chosen image', hidden: true });
  const current = post?.imageUrl ? el('img', { class: 'preview', src: post.imageUrl, alt: 'The current image' }) : null;
  const removeImage = post?.imageUrl ? el('input', { type: 'checkbox', id: 'remove-image', name: 'removeImage', value: 'true' })
    : null;
  const chosen = el('p', { class: 'hint', id: 'image-chosen', 'aria-live': 'polite' });

  function showChosen() {
    const file = image.files[0];
    if (preview.src) {
      URL.revokeObjectURL(preview.src);
    }
    if (file) {
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
      chosen.textContent = `Chosen: ${file.name} (${Math.ceil(file.size / 1024)} KiB)`;
    } else {
      preview.removeAttribute('src');
      preview.hidden = true;
      chosen.textContent = '';
    }
  }
  image.addEventListener('change', showChosen);

  const dropzone = el('div', { class: 'dropzone' },
    el('label', { for: 'image' }, 'Image'),
    el('p', { class: 'hint', id: 'image-hint' }, 'JPEG, PNG, GIF or WebP, up to 20 MiB. Choose a file or drop one here.'),
    image, chosen, preview, imageError,
    current ? el('div', {}, el('p', { class: 'hint' }, 'Current image:'), current,
      el('label', { class: 'checkbox', for: 'remove-image' }, removeImage, 'Remove the current image')) : null);
  dropzone.addEventListener('dragover', event => {
    event.preventDefault();
    dropzone.classList.add('dragging');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
  dropzone.addEventListener('drop', event => {
    event.preventDefault();
    dropzone.classList.remove('dragging');
    if (event.dataTransfer?.files?.length) {
      image.files = event.dataTransfer.files;
      showChosen();
    }
  });

  const submit = el('button', { type: 'submit' }, post ? 'Save changes' : 'Publish');
  const form = el('form', { class: 'post', novalidate: false },
    el('label', { for: 'title' }, 'Title'), title, titleError,
    el('label', { for: 'content' }, 'Content'), content, contentError,
    dropzone,
    el('div', { class: 'actions' }, submit,
      el('a', { href: post ? `#/posts/${encodeURIComponent(post.id)}` : '#/' }, 'Cancel')));

  // Upload problems name the request's fields (contentType, imageUpload); on the page they are the image's.
  const fieldErrors = { title: [title, titleError], content: [content, contentError], image: [image, imageError],
    imageUpload: [image, imageError], contentType: [image, imageError] };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearMessages();
    for (const [input, message] of Object.values(fieldErrors)) {
      input.removeAttribute('aria-invalid');
      message.textContent = '';
    }
    const body = new FormData();
    body.append('title', title.value);
    body.append('content', content.value);
    if (removeImage?.checked && !image.files[0]) {
      body.append('removeImage', 'true');
    }
    submit.disabled = true;
    try {
      if (image.files[0]) {
        // Straight to the image store, then the post names it: large photos never pass through the API.
        say('Uploading the image…');
        body.append('imageUpload', await api.upload(image.files[0]));
      }
      const saved = post ? await api.update(post.id, etag, body) : await api.create(body);
      navigate(`#/posts/${encodeURIComponent(saved.post.id)}`,
        post ? 'Your changes are saved.' : 'Your post is published.');
    } catch (error) {
      submit.disabled = false;
      if (isStaleVersion(error)) {
        showError(error, 'This post was changed elsewhere since you opened it, so your changes were not saved.'
          + ' Your text is still in the form: load the latest version to see what changed, then save again.');
        alertBox.append(el('button', { type: 'button', class: 'secondary', onclick: async () => {
          clearMessages();
          const latest = await api.get(post.id);
          etag = latest.etag;
          title.value = latest.post.title;
          content.value = latest.post.content;
          say('Loaded the latest version. Make your changes again and save.');
          title.focus();
        } }, 'Load the latest version'));
        return;
      }
      showError(error, post ? 'Your changes were not saved.' : 'The post was not published.');
      const errors = error.problem?.errors ?? {};
      for (const [field, message] of Object.entries(errors)) {
        if (fieldErrors[field]) {
          fieldErrors[field][0].setAttribute('aria-invalid', 'true');
          fieldErrors[field][1].textContent = message;
        }
      }
    }
  });
  show(post ? `Edit ${post.title}` : 'New post', el('h1', {}, post ? 'Edit post' : 'New post'), form);
}

function signInFirst(what) {
  show('Sign in', el('h1', {}, 'Sign in first'),
    el('p', {}, `You need to be signed in to ${what}.`),
    el('button', { type: 'button', onclick: () => signIn(config.auth) }, 'Sign in'));
}

// ------------------------------------------------------------------ routing

async function route() {
  const number = ++routeNumber;
  const current = () => number === routeNumber;
  const hash = window.location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query ?? '');
  renderHeader();
  alertBox.replaceChildren();
  try {
    let match;
    if (path === '/' || path === '') {
      await listView(params.get('cursor'), current);
    } else if (path === '/new') {
      if (currentUser()) {
        formView(null);
      } else {
        signInFirst('write a post');
      }
    } else if ((match = path.match(/^\/posts\/([^/]+)\/edit$/))) {
      if (currentUser()) {
        const existing = await api.get(decodeURIComponent(match[1]));
        if (current()) {
          formView(existing);
        }
      } else {
        signInFirst('edit a post');
      }
    } else if ((match = path.match(/^\/posts\/([^/]+)$/))) {
      await postView(decodeURIComponent(match[1]), current);
    } else {
      show('Not found', el('h1', {}, 'Page not found'), el('p', {}, el('a', { href: '#/' }, 'See all posts')));
    }
  } catch (error) {
    if (!current()) {
      return;
    }
    show('Error', el('h1', {}, error.status === 404 ? 'Post not found' : 'Something went wrong'),
      el('p', {}, el('a', { href: '#/' }, 'See all posts')));
    showError(error);
  }
  if (current()) {
    focusMain();
  }
}

async function start() {
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    if (!response.ok) {
      throw new Error(`config.json: HTTP ${response.status}`);
    }
    config = await response.json();
  } catch (error) {
    showError(error, 'The page is not configured (config.json is missing or unreadable).');
    return;
  }
  api = createApi(config.apiBase ?? '', () => currentUser()?.token);
  document.getElementById('sign-in').addEventListener('click', () => signIn(config.auth));
  document.getElementById('sign-out').addEventListener('click', () => {
    if (!signOut(config.auth)) {
      say('You are signed out.');
      route();
    }
  });
  const failure = await completeSignIn(config.auth);
  if (failure) {
    showError({ message: failure });
  } else if (failure === '') {
    say(`Signed in as ${currentUser()?.name}.`);
  }
  window.addEventListener('hashchange', () => {
    clearMessages();
    if (pendingNotice) {
      say(pendingNotice);
      pendingNotice = null;
    }
    route();
  });
  await route();
}

start();
