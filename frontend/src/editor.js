// The post editor: progressive enhancement of <textarea data-forum-editor>. The textarea stays in the form and
// receives the editor's HTML; without this script it is the form. The server sanitizes everything again
// (forum/content.py); what this script decides (embeds, mentions, emoji) is a convenience, never a rule.
import { Editor, Node, Extension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import Blockquote from '@tiptap/extension-blockquote'
import Image from '@tiptap/extension-image'
import Mention from '@tiptap/extension-mention'
import { Placeholder } from '@tiptap/extensions'
import { Plugin, PluginKey } from '@tiptap/pm/state'

// The emoji list (~400 KB) is a script of its own (src/emoji-data.js), fetched when the picker first opens.
const EMOJI_SRC = (document.currentScript && document.currentScript.dataset.emojiSrc) || ''
let emojiLoading = null
function loadEmojiGroups() {
  if (!emojiLoading) {
    emojiLoading = window.AgoraEmojiGroups ? Promise.resolve(window.AgoraEmojiGroups) : new Promise((resolve, reject) => {
      const script = document.createElement('script')
      script.src = EMOJI_SRC
      script.onload = () => resolve(window.AgoraEmojiGroups)
      script.onerror = () => { emojiLoading = null; reject(new Error('emoji list')) }
      document.head.append(script)
    })
  }
  return emojiLoading
}

const S = (() => {
  const el = document.getElementById('editor-strings')
  return el ? JSON.parse(el.textContent) : {}
})()
const t = (key, vars) => String(S[key] || key).replace(/%\((\w+)\)s/g, (_, k) => (vars && k in vars ? vars[k] : ''))
const MAX_EMOJI = Number(S.maxEmoji || 75)

// ---- images: the board's own are shown; one from another host is a placeholder, as readers see it (a link) ----
// The Content-Security-Policy lets pages load images from the board and its media storage only (img-src), so that
// reading or writing a post tells no other host anything. What is stored is unchanged: this is only the editor's view.
export function isOwnImage(src, origins = S.imageOrigins || [], here = window.location.href) {
  let url
  try { url = new URL(src, here) } catch { return false }
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true
  return url.origin === new URL(here).origin || origins.includes(url.origin)
}

const BoardImage = Image.extend({
  addNodeView() {
    return ({ node }) => {
      const { src, alt, title } = node.attrs
      if (isOwnImage(src || '')) {
        const img = document.createElement('img')
        img.src = src
        if (alt) img.alt = alt
        if (title) img.title = title
        return { dom: img }
      }
      let host = ''
      try { host = new URL(src).hostname } catch { /* an address the server will drop */ }
      const dom = document.createElement('div')
      dom.className = 'external-image'
      dom.textContent = `🖼 ${alt ? t('imageFromWithAlt', { host, description: alt }) : t('imageFrom', { host })}`
      return { dom }
    }
  },
})

// ---- emoji count: grapheme clusters holding an Extended_Pictographic, as the server counts them ----
const PICTO = /\p{Extended_Pictographic}/u
const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null
export function countEmoji(text) {
  if (!text || !PICTO.test(text)) return 0
  let n = 0
  if (segmenter) { for (const { segment } of segmenter.segment(text)) if (PICTO.test(segment)) n++ } else n = (text.match(/\p{Extended_Pictographic}/gu) || []).length
  return n
}

// ---- embeds: the server keeps the allowlist; this only decides what to offer as an embed ----
const ownOrigin = () => window.location.origin
export function isEmbeddable(url) {
  return /^https?:\/\/((www|m)\.)?youtube\.com\/(watch\?(.*&)?v=|shorts\/)[\w-]{11}/i.test(url) ||
    /^https?:\/\/youtu\.be\/[\w-]{11}/i.test(url) || /^https?:\/\/(www\.)?vimeo\.com\/\d+\/?$/i.test(url) ||
    (url.startsWith(ownOrigin() + '/') && /^\/(topic\/\d+|post\/\d+\/)/.test(url.slice(ownOrigin().length)))
}

const csrfToken = () => (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || ''
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])

// A quote keeps who said it and which post it was.
const Quote = Blockquote.extend({
  addAttributes() {
    return {
      author: { default: null, parseHTML: (el) => el.getAttribute('data-quote-author'),
        renderHTML: (a) => (a.author ? { 'data-quote-author': a.author } : {}) },
      postId: { default: null, parseHTML: (el) => el.getAttribute('data-quote-post'),
        renderHTML: (a) => (a.postId ? { 'data-quote-post': a.postId } : {}) },
    }
  },
})

// The server's rule for a URL in a post (forum/content.py): http(s), or an address on this board ("/..." but not
// "//host"). Applied to embeds and links whether they are typed, pasted or restored from a draft (either kind).
export function isSafeUrl(url) {
  const u = String(url || '').trim()
  return /^https?:\/\/[^\s]/i.test(u) || (u.startsWith('/') && !u.startsWith('//') && !u.startsWith('/\\'))
}
const isSafeLink = (url) => isSafeUrl(url) || /^mailto:[^\s]/i.test(String(url || '').trim())

// An embed is a block holding only its URL; the server renders the real thing. A marker whose URL breaks the rule
// is not read as an embed (its text stays, as a plain paragraph).
const Embed = Node.create({
  name: 'embed', group: 'block', atom: true, draggable: true, selectable: true,
  addAttributes() { return { url: { default: null } } },
  parseHTML() {
    return [{ tag: 'div[data-embed-url]', getAttrs: (el) => (isSafeUrl(el.getAttribute('data-embed-url')) ? { url: el.getAttribute('data-embed-url').trim() } : false) }]
  },
  renderHTML({ node }) {
    const url = isSafeUrl(node.attrs.url) ? node.attrs.url : ''
    return ['div', { class: 'embed', 'data-embed-url': url }, url ? ['a', { href: url }, url] : ['span', {}, '']]
  },
})

// Mentions are stored by the server as links to the profile (a.mention[data-mention]); read those back too.
const ForumMention = Mention.extend({
  parseHTML() {
    return [
      { tag: 'span[data-type="mention"]' },
      { tag: 'a[data-mention]', getAttrs: (el) => ({ id: el.getAttribute('data-mention'), label: el.textContent.replace(/^@/, '') }) },
    ]
  },
})

// ---- the notice bar under the editor: one message at a time, announced to screen readers ----
function makeNotices(root) {
  const box = document.createElement('div')
  box.className = 'fe-notices'
  box.setAttribute('role', 'status')
  box.setAttribute('aria-live', 'polite')
  root.appendChild(box)
  let current = null
  const notify = (text, actionLabel, action, { closeLabel, dismissOnEdit = true } = {}) => {
    const n = document.createElement('div')
    n.className = 'fe-notice'
    const span = document.createElement('span')
    span.textContent = text + ' '
    n.append(span)
    if (actionLabel) {
      const b = document.createElement('button')
      b.type = 'button'; b.className = 'fe-notice-action'; b.textContent = actionLabel
      b.addEventListener('click', () => { clear(); action() })
      n.append(b)
    }
    const close = document.createElement('button')
    close.type = 'button'; close.className = 'fe-notice-close'
    close.setAttribute('aria-label', closeLabel || t('dismiss')); close.title = closeLabel || t('dismiss')
    close.textContent = '×'
    close.addEventListener('click', clear)
    n.append(close)
    box.replaceChildren(n)
    current = { node: n, dismissOnEdit, shownAt: Date.now() }
    return n
  }
  const clear = () => { box.replaceChildren(); current = null }
  notify.clear = clear
  // IPS hides a notice on the next edit; the emoji notice gets a short grace so it can be read.
  notify.onEdit = () => { if (current && current.dismissOnEdit && Date.now() - current.shownAt > 400) clear() }
  return notify
}

const plainParagraphs = (text) =>
  text.replace(/\r\n?/g, '\n').split(/\n{2,}/).map((p) => ({
    type: 'paragraph',
    content: p.split('\n').flatMap((line, i) => [
      ...(i ? [{ type: 'hardBreak' }] : []),
      ...(line ? [{ type: 'text', text: line }] : []),
    ]),
  }))

// Pasted HTML "carries formatting" when it has markup beyond paragraphs, links and line breaks (as in IPS).
const PLAIN_TAGS = new Set(['P', 'A', 'BR', 'SPAN', 'DIV', 'META', 'STYLE', 'TITLE', 'B'])
function carriesFormatting(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  return Array.from(doc.body.querySelectorAll('*')).some((el) =>
    !PLAIN_TAGS.has(el.tagName) || (el.tagName === 'B' && el.style.fontWeight !== 'normal'))
}

function imageFiles(dataTransfer) {
  return Array.from((dataTransfer && dataTransfer.files) || []).filter((f) => f.type.startsWith('image/'))
}

function forumBehaviour(ctx) {
  return Extension.create({
    name: 'forumBehaviour',
    addKeyboardShortcuts() {
      return { 'Mod-k': () => { ctx.promptLink(); return true } }
    },
    addProseMirrorPlugins() {
      return [new Plugin({
        key: new PluginKey('forumBehaviour'),
        filterTransaction(tr, state) {
          if (!tr.docChanged) return true
          const after = countEmoji(tr.doc.textContent)
          if (after > MAX_EMOJI && after > countEmoji(state.doc.textContent)) {
            ctx.notify(t('tooManyEmoji'), null, null, { dismissOnEdit: true })
            return false
          }
          return true
        },
        props: {
          handleDrop(view, event) {
            const files = imageFiles(event.dataTransfer)
            if (!files.length) return false
            event.preventDefault()
            ctx.uploadFiles(files)
            return true
          },
          handlePaste(view, event, slice) {
            const cd = event.clipboardData
            if (!cd) return false
            const text = cd.getData('text/plain')
            const html = cd.getData('text/html')
            const files = imageFiles(cd)
            const pastedDataImages = html && /<img[^>]+src=["']?(data:|blob:|webkit-fake-url:)/i.test(html)
            if (files.length || (pastedDataImages && !ctx.canUpload)) {
              if (ctx.canUpload) { ctx.uploadFiles(files); return true }
              ctx.notify(t('cannotPasteImages'))
              if (files.length && !text) return true
            }
            const editor = ctx.editor
            const url = text.trim()
            if (/^https?:\/\/\S+$/i.test(url) && isEmbeddable(url)) {
              const { from } = view.state.selection
              editor.chain().focus().insertContent({ type: 'embed', attrs: { url } }).run()
              moveBelowEmbed(editor, url, from)
              ctx.notify(t('embedded'), t('displayAsLink'), () => {
                let pos = null
                editor.state.doc.descendants((n, p) => {
                  if (pos === null && n.type.name === 'embed' && n.attrs.url === url && p >= from - 2) pos = p
                })
                if (pos === null) return
                editor.chain().focus().deleteRange({ from: pos, to: pos + 1 })
                  .insertContentAt(pos, { type: 'paragraph', content: [{ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] }] }).run()
              }, { closeLabel: t('keepEmbed') })
              return true
            }
            if (html && !view.dragging && !html.includes('data-pm-slice') && carriesFormatting(html)) {
              const from = view.state.selection.from
              view.dispatch(view.state.tr.replaceSelection(slice).scrollIntoView().setMeta('paste', true).setMeta('uiEvent', 'paste'))
              const to = view.state.selection.to
              ctx.notify(t('pastedRich'), t('pastePlain'), () => {
                editor.chain().focus().deleteRange({ from, to }).insertContentAt(from, plainParagraphs(text)).run()
              }, { closeLabel: t('keepFormatting') })
              return true
            }
            return false
          },
        },
      })]
    },
  })
}

// ---- toolbar icons: drawn here (no icon font, no network); each button's name is its label and tooltip ----
const ICONS = {
  bold: 'M7 5h6a3.5 3.5 0 0 1 0 7H7zM7 12h7a3.5 3.5 0 0 1 0 7H7z',
  italic: 'M19 4h-9M14 20H5M15 4 9 20',
  strike: 'M16 6.5A4 4 0 0 0 12 4c-2.5 0-4 1.3-4 3 0 1.4.9 2.3 2.5 3M4 12h16M8 17.5a4 4 0 0 0 4 2.5c2.5 0 4-1.4 4-3.2 0-.6-.1-1.2-.4-1.8',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.5 1.5M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.5-1.5',
  heading: 'M6 4v16M18 4v16M6 12h12',
  bulletList: 'M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01',
  orderedList: 'M10 6h10M10 12h10M10 18h10M4 4v4M3 8h2M3 14.5a1.5 1.5 0 0 1 3 0c0 1.5-3 2-3 3.5h3',
  quote: 'M4 11h5v6H4zM4 11c0-3 1-5 4-6M14 11h5v6h-5zM14 11c0-3 1-5 4-6',
  code: 'M8 7l-5 5 5 5M16 7l5 5-5 5',
  imageUrl: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01',
  upload: 'M12 16V4M7 9l5-5 5 5M4 20h16',
  emoji: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01',
}
function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  svg.setAttribute('viewBox', '0 0 24 24'); svg.setAttribute('width', '18'); svg.setAttribute('height', '18')
  svg.setAttribute('aria-hidden', 'true'); svg.setAttribute('focusable', 'false'); svg.setAttribute('class', 'fe-icon')
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path')
  path.setAttribute('d', ICONS[name] || '')
  svg.append(path)
  return svg
}

// ---- a small dialog asking for an address (a link's, an image's), used by keyboard: it opens with the focus in
// its first field, Enter inserts, Escape cancels, and the focus goes back to the editor either way. A native
// <dialog> (modal: the rest of the page is inert while it is open), outside the post's form. ----
let dialogCount = 0
export function askFor({ title, fields, valid, invalid }) {
  return new Promise((resolve) => {
    const id = `fe-dialog-${++dialogCount}`
    const dialog = document.createElement('dialog')
    dialog.className = 'fe-dialog'
    dialog.setAttribute('aria-labelledby', `${id}-title`)
    const form = document.createElement('form')
    const heading = document.createElement('h2')
    heading.id = `${id}-title`; heading.textContent = title
    const error = document.createElement('p')
    error.className = 'fe-dialog-error'; error.id = `${id}-error`; error.hidden = true
    form.append(heading)
    const inputs = fields.map((field, i) => {
      const label = document.createElement('label')
      label.htmlFor = `${id}-${i}`; label.textContent = field.label
      const input = document.createElement('input')
      input.id = `${id}-${i}`; input.type = field.type || 'text'; input.value = field.value || ''
      if (field.type === 'url') { input.inputMode = 'url'; input.spellcheck = false; input.autocomplete = 'off' }
      form.append(label, input)
      return input
    })
    inputs[0].setAttribute('aria-describedby', error.id)
    const actions = document.createElement('p')
    actions.className = 'fe-dialog-actions'
    const ok = document.createElement('button')
    ok.type = 'submit'; ok.className = 'primary'; ok.textContent = t('insert')
    const cancel = document.createElement('button')
    cancel.type = 'button'; cancel.textContent = t('cancel')
    actions.append(ok, cancel)
    form.append(error, actions)
    dialog.append(form)
    document.body.append(dialog)
    let answer = null
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      const values = inputs.map((input) => input.value.trim())
      if (!valid(values)) {
        error.textContent = invalid; error.hidden = false
        inputs[0].setAttribute('aria-invalid', 'true'); inputs[0].focus()
        return
      }
      answer = values
      dialog.close()
    })
    cancel.addEventListener('click', () => dialog.close())
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer) })
    dialog.showModal()
    inputs[0].focus()
    inputs[0].select()
  })
}

// After an embed, the cursor goes to the paragraph below it (made if there is none), so the next keystroke or
// pasted link lands there instead of replacing the embed.
function moveBelowEmbed(editor, url, near) {
  let end = null
  editor.state.doc.descendants((n, p) => {
    if (end === null && n.type.name === 'embed' && n.attrs.url === url && p >= near - 2) end = p + n.nodeSize
  })
  if (end === null) return
  const after = editor.state.doc.resolve(end).nodeAfter
  const chain = editor.chain().focus()
  if (!(after && after.isTextblock && after.content.size === 0)) chain.insertContentAt(end, { type: 'paragraph' })
  chain.setTextSelection(end + 1).scrollIntoView().run()
}

let mentionCount = 0
function mentionSuggestion(url) {
  return {
    char: '@',
    items: async ({ query }) => {
      if (!url) return []
      try {
        const r = await fetch(`${url}?q=${encodeURIComponent(query)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        return r.ok ? (await r.json()).results.slice(0, 8) : []
      } catch (e) { return [] }
    },
    render: () => {
      let list, index = 0, props, owner
      const prefix = `fe-mention-${++mentionCount}`
      const draw = () => {
        list.replaceChildren(...props.items.map((it, i) => {
          const li = document.createElement('li')
          li.setAttribute('role', 'option'); li.id = `${prefix}-${i}`
          li.setAttribute('aria-selected', String(i === index)); li.textContent = it.label
          li.addEventListener('mousedown', (e) => { e.preventDefault(); props.command(it) })
          return li
        }))
        list.hidden = props.items.length === 0
        owner = props.editor.view.dom
        owner.setAttribute('aria-controls', list.id)
        owner.setAttribute('aria-expanded', String(!list.hidden))
        if (props.items.length) owner.setAttribute('aria-activedescendant', `${prefix}-${index}`)
        else owner.removeAttribute('aria-activedescendant')
        const rect = props.clientRect && props.clientRect()
        if (rect) { list.style.left = `${rect.left + window.scrollX}px`; list.style.top = `${rect.bottom + window.scrollY}px` }
      }
      return {
        onStart: (p) => {
          props = p; index = 0
          list = document.createElement('ul'); list.className = 'fe-mentions'; list.id = prefix
          list.setAttribute('role', 'listbox'); list.setAttribute('aria-label', t('mentionSuggestions'))
          document.body.appendChild(list); draw()
        },
        onUpdate: (p) => { props = p; index = 0; draw() },
        onKeyDown: ({ event }) => {
          if (!props.items.length) return false
          if (event.key === 'ArrowDown') { index = (index + 1) % props.items.length; draw(); return true }
          if (event.key === 'ArrowUp') { index = (index + props.items.length - 1) % props.items.length; draw(); return true }
          if (event.key === 'Enter' || event.key === 'Tab') { props.command(props.items[index]); return true }
          if (event.key === 'Escape') { list.hidden = true; return true }
          return false
        },
        onExit: () => {
          if (owner) { owner.removeAttribute('aria-activedescendant'); owner.removeAttribute('aria-controls'); owner.removeAttribute('aria-expanded') }
          if (list) list.remove()
        },
      }
    },
  }
}

// ---- the emoji picker, from the Unicode emoji list served with the editor (no images, no third party) ----
function emojiPicker(ctx, anchor) {
  const panel = document.createElement('div')
  panel.className = 'fe-emoji'; panel.hidden = true
  panel.setAttribute('role', 'dialog'); panel.setAttribute('aria-label', t('emoji'))
  const search = document.createElement('input')
  search.type = 'search'; search.className = 'fe-emoji-search'
  search.setAttribute('aria-label', t('emojiSearch')); search.placeholder = t('emojiSearch')
  const select = document.createElement('select')
  select.setAttribute('aria-label', t('emojiCategory'))
  const grid = document.createElement('div')
  grid.className = 'fe-emoji-grid'
  let emojiGroups = null
  const draw = () => {
    if (!emojiGroups) return
    const q = search.value.trim().toLowerCase()
    const items = q
      ? emojiGroups.flatMap((g) => g.emojis).filter((e) => e.name.includes(q)).slice(0, 120)
      : emojiGroups[Number(select.value)].emojis
    grid.replaceChildren(...items.map((e) => {
      const b = document.createElement('button')
      b.type = 'button'; b.textContent = e.emoji; b.title = e.name; b.setAttribute('aria-label', e.name)
      b.addEventListener('click', () => { ctx.editor.chain().focus().insertContent(e.emoji).run() })
      return b
    }))
  }
  const ready = () => loadEmojiGroups().then((groups) => {
    if (!emojiGroups) {
      emojiGroups = groups
      groups.forEach((g, i) => { const o = document.createElement('option'); o.value = String(i); o.textContent = g.name; select.append(o) })
    }
  })
  search.addEventListener('input', draw)
  select.addEventListener('change', draw)
  const close = () => { panel.hidden = true; anchor.setAttribute('aria-expanded', 'false') }
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { close(); anchor.focus() } })
  panel.append(search, select, grid)
  return {
    panel,
    toggle() {
      if (!panel.hidden) { close(); return }
      panel.hidden = false; anchor.setAttribute('aria-expanded', 'true'); search.focus()
      ready().then(() => { if (!grid.childElementCount) draw() }, () => { /* offline: the panel stays empty */ })
    },
  }
}

export function createForumEditor(textarea) {
  if (textarea._forumEditor) return textarea._forumEditor
  const ds = textarea.dataset
  const root = document.createElement('div')
  root.className = 'fe'
  const toolbar = document.createElement('div')
  toolbar.className = 'fe-toolbar'; toolbar.setAttribute('role', 'toolbar'); toolbar.setAttribute('aria-label', t('toolbar'))
  const mount = document.createElement('div')
  mount.className = 'fe-content'
  root.append(toolbar, mount)
  textarea.insertAdjacentElement('beforebegin', root)
  textarea.hidden = true
  // What the editor sends is HTML; the plain textarea's text is kept literally (forum.forms.PostContentWidget).
  const format = textarea.form && textarea.form.querySelector(`input[name="${textarea.name}_format"]`)
  if (format) format.value = 'html'
  const notify = makeNotices(root)
  const label = textarea.labels && textarea.labels[0]
  const form = textarea.form

  const ctx = { notify, canUpload: Boolean(ds.uploadUrl), editor: null }

  // Attachments: the files uploaded in this form, and the member's quota line ("12.4 MB of 50 MB used").
  let attachBox = null, quotaLine = null, attachList = null
  if (ds.uploadUrl) {
    attachBox = document.createElement('section')
    attachBox.className = 'fe-attachments'; attachBox.setAttribute('aria-label', t('attachments'))
    quotaLine = document.createElement('p')
    quotaLine.className = 'fe-quota'
    attachList = document.createElement('ul')
    attachList.className = 'fe-attachment-list'; attachList.hidden = true
    attachBox.append(attachList, quotaLine)
    root.append(attachBox)
  }
  let quotaAsked = false
  const loadQuota = () => {
    if (quotaAsked || !ds.uploadQuotaUrl) return
    quotaAsked = true
    fetch(ds.uploadQuotaUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : {})).then((data) => { if (data.quota && !quotaLine.textContent) quotaLine.textContent = data.quota })
      .catch(() => {})
  }
  ctx.uploadFiles = async (files) => {
    for (const file of files) {
      notify(t('uploading', { name: file.name || 'file' }), null, null, { dismissOnEdit: false })
      const body = new FormData()
      body.append('file', file)
      try {
        const r = await fetch(ds.uploadUrl, { method: 'POST', body, credentials: 'same-origin', headers: { 'X-CSRFToken': csrfToken() } })
        const data = await r.json().catch(() => ({}))
        if (data.quota && quotaLine) quotaLine.textContent = data.quota
        if (!r.ok) { notify(data.error || t('uploadFailed')); continue }
        if (data.is_image) {
          ctx.editor.chain().focus().setImage({ src: data.url, alt: (data.name || '').replace(/\.[^.]+$/, '') }).run()
        } else {
          ctx.editor.chain().focus().insertContent(`<p><a href="${esc(data.url)}">${esc(data.name)}</a></p>`).run()
        }
        if (attachList) {
          const li = document.createElement('li')
          const a = document.createElement('a')
          a.href = data.url; a.textContent = data.name
          li.append(a, ` (${data.size_display})`)
          attachList.append(li); attachList.hidden = false
        }
        notify(t('uploaded'))
      } catch (e) { notify(t('uploadFailed')) }
    }
  }
  ctx.promptLink = async () => {
    const e = ctx.editor
    if (e.isActive('link')) return e.chain().focus().unsetLink().run()
    const answer = await askFor({
      title: t('linkPrompt'), fields: [{ label: t('linkPrompt'), type: 'url', value: 'https://' }],
      valid: ([href]) => isSafeLink(href), invalid: t('linkInvalid'),
    })
    if (!answer) return e.commands.focus()
    const href = answer[0].trim()
    if (e.state.selection.empty) {
      e.chain().focus().insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run()
    } else e.chain().focus().extendMarkRange('link').setLink({ href }).run()
  }
  ctx.promptImage = async () => {
    const e = ctx.editor
    const answer = await askFor({
      title: t('imagePrompt'),
      fields: [{ label: t('imagePrompt'), type: 'url', value: 'https://' }, { label: t('imageAlt') }],
      valid: ([src]) => isSafeUrl(src), invalid: t('imageInvalid'),
    })
    if (!answer) return e.commands.focus()
    e.chain().focus().setImage({ src: answer[0], alt: answer[1] }).run()
  }

  const editor = new Editor({
    element: mount,
    injectCSS: false, // its rules are in editor.css: the strict Content-Security-Policy allows no inline <style>
    content: textarea.value || '',
    extensions: [
      StarterKit.configure({
        blockquote: false, heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'],
          isAllowedUri: (url) => isSafeLink(url),
          HTMLAttributes: { rel: 'nofollow ugc noopener', target: null } },
      }),
      Quote,
      BoardImage.configure({ inline: false, allowBase64: false }),
      Embed,
      ForumMention.configure({ HTMLAttributes: { class: 'mention' }, suggestion: mentionSuggestion(ds.mentionsUrl) }),
      Placeholder.configure({ placeholder: textarea.getAttribute('placeholder') || '' }),
      forumBehaviour(ctx),
    ],
    editorProps: {
      attributes: {
        role: 'textbox', 'aria-multiline': 'true',
        ...(label ? { 'aria-labelledby': label.id || (label.id = `${textarea.id}-label`) } : { 'aria-label': t('placeholder') }),
        ...(textarea.getAttribute('aria-describedby') ? { 'aria-describedby': textarea.getAttribute('aria-describedby') } : {}),
      },
    },
  })
  ctx.editor = editor

  // ---- toolbar: one tab stop, arrow keys move along it (WAI-ARIA toolbar pattern) ----
  const BUTTONS = [
    ['bold', 'Mod+B', (e) => e.chain().focus().toggleBold().run(), (e) => e.isActive('bold')],
    ['italic', 'Mod+I', (e) => e.chain().focus().toggleItalic().run(), (e) => e.isActive('italic')],
    ['strike', 'Mod+Shift+S', (e) => e.chain().focus().toggleStrike().run(), (e) => e.isActive('strike')],
    ['link', 'Mod+K', () => ctx.promptLink(), (e) => e.isActive('link')],
    ['heading', 'Mod+Alt+2', (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), (e) => e.isActive('heading')],
    ['bulletList', 'Mod+Shift+8', (e) => e.chain().focus().toggleBulletList().run(), (e) => e.isActive('bulletList')],
    ['orderedList', 'Mod+Shift+7', (e) => e.chain().focus().toggleOrderedList().run(), (e) => e.isActive('orderedList')],
    ['quote', 'Mod+Shift+B', (e) => e.chain().focus().toggleBlockquote().run(), (e) => e.isActive('blockquote')],
    ['code', 'Mod+Alt+C', (e) => e.chain().focus().toggleCodeBlock().run(), (e) => e.isActive('codeBlock')],
    ['imageUrl', null, () => ctx.promptImage(), null],
  ]
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform)
  const addButton = (name, keys, run, active) => {
    const b = document.createElement('button')
    b.type = 'button'; b.dataset.action = name; b.className = `fe-btn fe-btn-${name}`
    const shortcut = keys ? keys.replace('Mod', isMac ? 'Meta' : 'Control') : null
    b.setAttribute('aria-label', t(name)); b.title = shortcut ? `${t(name)} (${shortcut.replace(/\+/g, ' + ')})` : t(name)
    if (shortcut) b.setAttribute('aria-keyshortcuts', shortcut)
    b.append(icon(name))
    b.tabIndex = toolbar.childElementCount ? -1 : 0
    b.addEventListener('mousedown', (e) => e.preventDefault()) // keep the selection in the editor
    b.addEventListener('click', () => run(editor))
    b._active = active
    toolbar.append(b)
    return b
  }
  for (const spec of BUTTONS) addButton(...spec)
  if (ctx.canUpload) {
    const input = document.createElement('input')
    input.type = 'file'; input.accept = ds.uploadAccept || 'image/jpeg,image/png,image/gif,image/webp'; input.hidden = true; input.multiple = true
    input.className = 'fe-upload-input'; input.tabIndex = -1
    input.addEventListener('change', () => { ctx.uploadFiles(Array.from(input.files)); input.value = '' })
    root.append(input)
    addButton('upload', null, () => input.click(), null)
  }
  const emojiButton = addButton('emoji', null, () => picker.toggle(), null)
  emojiButton.setAttribute('aria-haspopup', 'dialog'); emojiButton.setAttribute('aria-expanded', 'false')
  const picker = emojiPicker(ctx, emojiButton)
  root.insertBefore(picker.panel, mount)

  toolbar.addEventListener('keydown', (e) => {
    const buttons = Array.from(toolbar.querySelectorAll('button'))
    const i = buttons.indexOf(document.activeElement)
    if (i < 0) return
    let next = null
    if (e.key === 'ArrowRight') next = (i + 1) % buttons.length
    else if (e.key === 'ArrowLeft') next = (i + buttons.length - 1) % buttons.length
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = buttons.length - 1
    if (next === null) return
    e.preventDefault()
    buttons.forEach((b, j) => { b.tabIndex = j === next ? 0 : -1 })
    buttons[next].focus()
  })
  const refreshToolbar = () => toolbar.querySelectorAll('button').forEach((b) => {
    if (b._active) b.setAttribute('aria-pressed', String(Boolean(b._active(editor))))
  })
  editor.on('transaction', refreshToolbar)
  refreshToolbar()

  // ---- collapsed "Reply to this topic..." until focused ----
  let collapsedBox = null
  const expand = (focus = true) => {
    if (!collapsedBox) return
    collapsedBox.remove(); collapsedBox = null
    root.hidden = false
    loadQuota()
    if (form) form.classList.remove('fe-form-collapsed')
    if (focus) editor.commands.focus('end')
  }

  // ---- drafts: in this browser (localStorage) and, for members, on the server ----
  const key = ds.autosaveKey && `agora-draft:${ds.autosaveKey}`
  const sync = () => { textarea.value = editor.isEmpty ? '' : editor.getHTML() }
  const readLocal = () => {
    try { const v = JSON.parse(localStorage.getItem(key) || 'null'); return v && typeof v.html === 'string' ? v : null } catch (e) { return null }
  }
  let localTimer, serverTimer, inflight, lastSent = ds.serverDraft || '', submitted = false
  const saveServer = () => {
    serverTimer = null
    if (!ds.draftUrl || submitted) return
    const html = editor.isEmpty ? '' : editor.getHTML()
    if (html === lastSent) return
    const body = new URLSearchParams(ds.draftPlace || '')
    body.set('content', html)
    if (inflight) inflight.abort()
    inflight = new AbortController()
    fetch(ds.draftUrl, { method: 'POST', body, credentials: 'same-origin', signal: inflight.signal, headers: { 'X-CSRFToken': csrfToken() } })
      .then((r) => { if (r.ok) lastSent = html }).catch(() => {})
  }
  editor.on('update', () => {
    sync()
    notify.onEdit()
    if (!key || submitted) return
    clearTimeout(localTimer)
    localTimer = setTimeout(() => {
      try { if (editor.isEmpty) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify({ html: editor.getHTML(), t: Date.now() })) } catch (e) { /* storage full or off */ }
    }, 300)
    if (ds.draftUrl && !serverTimer) serverTimer = setTimeout(saveServer, 3000)
  })
  const discardDraft = () => {
    editor.commands.clearContent(true); sync()
    if (key) try { localStorage.removeItem(key) } catch (e) { /* ignore */ }
    clearTimeout(serverTimer); serverTimer = null
    saveServer()
  }

  let restored = false
  if (key && !textarea.value) {
    const local = readLocal()
    const server = ds.serverDraft ? { html: ds.serverDraft, t: Number(ds.serverDraftTime || 0) } : null
    const draft = local && server ? (local.t >= server.t ? local : server) : (local || server)
    if (draft && draft.html) {
      editor.commands.setContent(draft.html, { emitUpdate: false }); sync()
      restored = true
      // A draft only this browser had (the connection was lost, or the page closed before the server copy was
      // saved) goes to the server now.
      if (draft === local && ds.draftUrl && local.html !== ds.serverDraft) serverTimer = setTimeout(saveServer, 1000)
      notify(t('restored'), t('clearEditor'), discardDraft, { closeLabel: t('keepRestored') })
    }
  }
  if (form) {
    form.addEventListener('submit', () => {
      sync(); submitted = true
      clearTimeout(localTimer); clearTimeout(serverTimer)
      if (inflight) inflight.abort()
      // The server clears its copy when the post is made; if the form comes back with an error, the text is
      // in the textarea again and the editor saves it anew.
      if (key) try { localStorage.removeItem(key) } catch (e) { /* ignore */ }
    })
  }

  if (!('collapsed' in ds && !textarea.value && !restored)) loadQuota()
  if ('collapsed' in ds && !textarea.value && !restored) {
    collapsedBox = document.createElement('button')
    collapsedBox.type = 'button'; collapsedBox.className = 'fe-collapsed'
    collapsedBox.textContent = textarea.getAttribute('placeholder') || t('placeholder')
    if (label) collapsedBox.setAttribute('aria-describedby', label.id)
    collapsedBox.addEventListener('focus', () => expand())
    collapsedBox.addEventListener('click', () => expand())
    root.hidden = true
    root.insertAdjacentElement('beforebegin', collapsedBox)
    if (form) form.classList.add('fe-form-collapsed')
  }

  const api = {
    editor,
    expand,
    quote(quotes) {
      expand(false)
      const html = quotes.map(({ author, postId, html }) =>
        `<blockquote data-quote-author="${esc(author)}" data-quote-post="${esc(postId)}">${html}</blockquote>`).join('')
      editor.chain().focus('end').insertContent(html + '<p></p>').run()
    },
  }
  textarea._forumEditor = api
  return api
}

// ---- Quote and MultiQuote on each post ----
function quotedHtml(article) {
  const body = article.querySelector('.post-body').cloneNode(true)
  body.querySelectorAll('.quote-citation, .embed-play, iframe').forEach((el) => el.remove())
  return body.innerHTML.trim()
}

function setUpQuotes(api) {
  const topicKey = api && document.querySelector('textarea[data-forum-editor]').dataset.autosaveKey
  const mqKey = `agora-multiquote:${topicKey}`
  const load = () => { try { return JSON.parse(localStorage.getItem(mqKey) || '[]') } catch (e) { return [] } }
  const store = (list) => { try { if (list.length) localStorage.setItem(mqKey, JSON.stringify(list)); else localStorage.removeItem(mqKey) } catch (e) { /* ignore */ } }

  const bar = document.createElement('div')
  bar.className = 'fe-multiquote'; bar.setAttribute('role', 'region'); bar.setAttribute('aria-label', t('multiquoteRegion'))
  const insert = document.createElement('button'); insert.type = 'button'; insert.className = 'primary'
  const clear = document.createElement('button'); clear.type = 'button'; clear.textContent = t('multiquoteClear')
  bar.append(insert, clear)
  document.body.append(bar)
  const draw = () => {
    const list = load()
    bar.hidden = list.length === 0
    insert.textContent = t('multiquoteInsert', { count: list.length })
    document.querySelectorAll('[data-multiquote]').forEach((b) => b.setAttribute('aria-pressed', String(list.some((q) => q.postId === b.dataset.multiquote))))
  }
  insert.addEventListener('click', () => {
    api.quote(load()); store([]); draw()
    document.getElementById('reply').scrollIntoView()
  })
  clear.addEventListener('click', () => { store([]); draw() })

  document.querySelectorAll('[data-quote-actions]').forEach((p) => { p.hidden = false })
  document.addEventListener('click', (e) => {
    const single = e.target.closest('[data-quote]')
    const multi = e.target.closest('[data-multiquote]')
    if (single) {
      const article = single.closest('.post')
      api.quote([{ author: single.dataset.quoteAuthor, postId: single.dataset.quote, html: quotedHtml(article) }])
    } else if (multi) {
      const list = load()
      const id = multi.dataset.multiquote
      const at = list.findIndex((q) => q.postId === id)
      if (at >= 0) list.splice(at, 1)
      else list.push({ author: multi.dataset.quoteAuthor, postId: id, html: quotedHtml(multi.closest('.post')) })
      store(list); draw()
    }
  })
  window.addEventListener('storage', (e) => { if (e.key === mqKey) draw() })
  draw()
}

function init() {
  let replyApi = null
  document.querySelectorAll('textarea[data-forum-editor]').forEach((ta) => {
    const api = createForumEditor(ta)
    if ('collapsed' in ta.dataset) replyApi = api
  })
  if (replyApi) setUpQuotes(replyApi)
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init()
window.AgoraEditor = { create: createForumEditor, countEmoji }
