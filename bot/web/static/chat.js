/* Starts the rasa-webchat widget (window.WebChat, vendored) and makes it accessible:
 * labels on the input and buttons, quick replies usable with the keyboard, new bot
 * messages announced (role=log), focus kept sensible, and a hint in the input when the
 * bot expects a button answer. Settings come from data- attributes (no inline script).
 * The relatives' page switches language in place (#languages, texts in #chat-texts) and sends
 * the language as metadata `taal` with every message. */
(function () {
  'use strict';
  var root = document.getElementById('chat');
  var status = document.getElementById('chat-status');
  var cfg = root.dataset;
  // the relatives' page holds its texts in every language (pages.yml chat_relatives)
  var textsNode = document.getElementById('chat-texts');
  var allTexts = textsNode ? JSON.parse(textsNode.textContent) : null;
  var language = cfg.taal || 'nl';
  // the page's language goes with every message (metadata `taal`); the widget reads this object
  // each time it sends, so a switch of language changes it in place
  var customData = { language: language, taal: language };
  if (cfg.afdeling) { customData.afdeling = cfg.afdeling; }
  // the invitation code from the letter's link: sent with every message, never shown
  if (cfg.uitnodiging) { customData.uitnodiging = cfg.uitnodiging; }
  // which page: the assistant talks to relatives ("naasten") in "u", to carers ("oefenen") in "je"
  if (cfg.pagina) { customData.pagina = cfg.pagina; }

  // The widget keeps the conversation in this storage under 'chat_session'. It lapses after
  // data-session-hours without use, so a shared computer does not show it to the next visitor.
  var SESSION_KEY = 'chat_session';
  var LAST_USED_KEY = 'samenspraak_last_used';
  var store = cfg.storage === 'local' ? window.localStorage : window.sessionStorage;
  var lapseMs = Number(cfg.sessionHours || 0) * 3600 * 1000;
  var leaving = false;
  var LANGUAGE_KEY = 'samenspraak_taal';
  function forgetStoredChat() {
    store.removeItem(SESSION_KEY);
    store.removeItem(LAST_USED_KEY);
    store.removeItem(LANGUAGE_KEY);
  }
  function touch() {
    if (lapseMs > 0 && !leaving) { store.setItem(LAST_USED_KEY, String(Date.now())); }
  }
  // another letter's link on this device (a tablet passed around): start a new conversation
  var CODE_KEY = 'samenspraak_uitnodiging';
  if (cfg.uitnodiging && store.getItem(CODE_KEY) !== cfg.uitnodiging) {
    forgetStoredChat();
    store.setItem(CODE_KEY, cfg.uitnodiging);
  }
  if (lapseMs > 0) {
    var lastUsed = Number(store.getItem(LAST_USED_KEY) || 0);
    if (lastUsed && Date.now() - lastUsed > lapseMs) { forgetStoredChat(); }
    touch();
  }
  // The language: the link's (?taal=) first, else the one chosen earlier in this conversation,
  // else the page's (the browser's preferred language, or Dutch)
  var params = new URLSearchParams(window.location.search);
  var chosenBefore = store.getItem(LANGUAGE_KEY);
  if (allTexts && !params.has('taal') && chosenBefore && allTexts[chosenBefore]) { language = chosenBefore; }
  var longestPause = Number(cfg.pauseMs) || 0;
  var statusKey = 'loading';
  var widgetStarted = false;
  function showStatus(key) {
    statusKey = key;
    status.hidden = !key;
    status.textContent = key ? cfg[key] : '';
  }

  // Show the page in another language: every text on it, <html lang dir>, the address, and the
  // metadata of the next messages
  function applyLanguage(code) {
    var texts = allTexts && allTexts[code];
    if (!texts) { return; }
    language = code;
    customData.taal = code;
    customData.language = code;
    if (allTexts) { store.setItem(LANGUAGE_KEY, code); }
    document.documentElement.lang = code;
    document.documentElement.dir = texts.direction;
    document.title = texts.title + ' · Samenspraak';
    document.getElementById('chat-heading').textContent = texts.heading;
    document.getElementById('chat-subheading').textContent = texts.subheading;
    document.getElementById('languages-label').textContent = texts.language_label;
    ['loading', 'offline', 'reconnecting'].forEach(function (key) { cfg[key] = texts[key]; });
    cfg.title = texts.heading;
    cfg.inputLabel = texts.input_label;
    cfg.inputHint = texts.input_hint;
    cfg.buttonHint = texts.button_hint;
    cfg.sendLabel = texts.send_label;
    cfg.logLabel = texts.log_label;
    if (statusKey) { showStatus(statusKey); }
    var links = document.querySelectorAll('#languages a[data-taal]');
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].dataset.taal === code) { links[i].setAttribute('aria-current', 'true'); } else { links[i].removeAttribute('aria-current'); }
    }
    params.set('taal', code);
    window.history.replaceState(null, '', window.location.pathname + '?' + params.toString());
    if (widgetStarted) { labelWidget(true); }
  }

  // "Klaar op dit apparaat": forget the stored copy and start again with a new session
  function startFresh() {
    if (leaving) { return; }
    leaving = true;
    window.setTimeout(function () {
      forgetStoredChat();
      // the widget may save once more while the page unloads: forget again after it
      window.addEventListener('beforeunload', forgetStoredChat);
      window.location.reload();
    }, 1500);
  }

  if (allTexts) {
    if (language !== cfg.taal) { applyLanguage(language); } else { store.setItem(LANGUAGE_KEY, language); }
  }
  if (!window.WebChat || !window.WebChat.default) {
    showStatus('offline');
    return;
  }

  // The widget renders a custom message with React, which it does not expose. A React element
  // is a plain object marked with this symbol, so the picture is built as such objects; React
  // escapes every text in them.
  var REACT_ELEMENT = typeof Symbol === 'function' && Symbol.for ? Symbol.for('react.element') : 0xeac7;

  function el(type, props, children) {
    var all = {};
    var key = null;
    Object.keys(props || {}).forEach(function (name) {
      if (name === 'key') { key = String(props.key); } else { all[name] = props[name]; }
    });
    if (children !== undefined) { all.children = children; }
    return { $$typeof: REACT_ELEMENT, type: type, key: key, ref: null, props: all, _owner: null, _store: {} };
  }

  // The five rungs, rung 5 on top: a bar per rung whose length shows the status, the status in
  // words, and marks for the current and the desired rung. Screen readers get the same as text
  // (aria-label on role=img); the picture itself is hidden from them.
  function ladderPicture(profile) {
    var rows = profile.rungs.slice().reverse().map(function (rung) {
      var marks = [];
      if (rung.now) { marks.push(profile.now_label); }
      if (rung.desired) { marks.push(profile.desired_label); }
      var classes = 'ladder-rung status-' + rung.status + (rung.now ? ' is-now' : '') + (rung.desired ? ' is-desired' : '');
      return el('li', { key: 'rung-' + rung.number, className: classes }, [
        el('span', { key: 'n', className: 'rung-number' }, String(rung.number)),
        el('span', { key: 'b', className: 'rung-bar' }, el('span', { className: 'rung-fill' })),
        el('span', { key: 'l', className: 'rung-label' }, rung.label + (marks.length ? ' · ' + marks.join(', ') : ''))
      ]);
    });
    return el('div', { className: 'ladder-picture', role: 'img', 'aria-label': profile.alt }, [
      el('p', { key: 'title', className: 'ladder-title', 'aria-hidden': 'true' }, profile.title),
      el('ol', { key: 'rungs', className: 'ladder-rungs', 'aria-hidden': 'true' }, rows)
    ]);
  }

  // the widget itself, to send the language choice as a message without showing it
  var widget = { current: null };
  window.WebChat.default({
    innerRef: widget,
    socketUrl: window.location.origin,
    socketPath: '/socket.io/',
    customData: customData,
    initPayload: cfg.initPayload,
    title: cfg.title,
    inputTextFieldHint: cfg.inputHint,
    embedded: true,
    showFullScreenButton: false,
    showCloseButton: false,
    displayUnreadCount: false,
    withRules: false,
    params: { storage: cfg.storage },
    // Custom messages from the assistant: 'erased' makes the page forget its copy of the
    // conversation (the widget's own action, also clearing its stored copy); 'device_done'
    // starts a fresh chat with a new session (the answers stay stored); 'profile' is the scan
    // result, drawn as a small picture of the ladder; 'copy' links to the copy to take along.
    customComponent: function (props) {
      if (props.samenspraak === 'erased' && props.dispatch) {
        window.setTimeout(function () { props.dispatch({ type: 'DROP_MESSAGES' }); }, 0);
      }
      if (props.samenspraak === 'device_done') { startFresh(); }
      if (props.samenspraak === 'profile' && props.rungs) { return ladderPicture(props); }
      // the copy of the result to take along: a link to its own page, opened in a new tab
      if (props.samenspraak === 'copy' && props.href && props.href.indexOf('/uitslag/') === 0) {
        return el('a', { className: 'rw-reply copy-link', href: props.href, target: '_blank', rel: 'noopener' }, props.label);
      }
      return null;
    },
    // the widget waits up to 3 s per bot message ("typing"); shorter keeps a long answer readable:
    // 8 ms per character, at least 400 ms, at most data-pause-ms (CHAT_PAUSE_MS)
    customMessageDelay: function (message) { return Math.min(longestPause, Math.max(400, message.length * 8)); },
    mainColor: '#1b5470',
    conversationBackgroundColor: '#ffffff',
    userBackgroundColor: '#1b5470',
    userTextColor: '#ffffff',
    assistBackgoundColor: '#eef2f5',
    assistTextColor: '#1a1a1a'
  }, root);

  var hintId = 'chat-input-hint';
  var hint = document.createElement('p');
  hint.id = hintId;
  hint.className = 'visually-hidden';
  document.body.appendChild(hint);
  widgetStarted = true;
  var chosenByKeyboard = false;
  var connected = false;
  var coarsePointer = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;

  function activate(event) {
    if (event.key === 'Enter' || event.key === ' ' || event.key === 'Spacebar') {
      event.preventDefault();
      chosenByKeyboard = true;
      event.currentTarget.click();
    }
  }

  function newestMessageHasButtons() {
    var last = newestGroup();
    return !!last && last.classList.contains('rw-from-response') && last.querySelector('.rw-replies .rw-reply') !== null;
  }

  // labels on the widget's log, input and send button (again after a switch of language)
  function labelWidget(again) {
    var log = root.querySelector('.rw-messages-container');
    if (log && (again || !log.hasAttribute('role'))) {
      log.setAttribute('role', 'log');
      log.setAttribute('aria-live', 'polite');
      log.setAttribute('aria-relevant', 'additions');
      log.setAttribute('aria-label', cfg.logLabel);
      log.setAttribute('tabindex', '0');
    }
    var input = root.querySelector('.rw-new-message');
    if (input && (again || !input.hasAttribute('aria-label'))) {
      input.setAttribute('aria-label', cfg.inputLabel);
      input.setAttribute('aria-describedby', hintId);
      input.id = 'chat-input';
    }
    var send = root.querySelector('.rw-send');
    if (send && (again || !send.hasAttribute('aria-label'))) {
      send.setAttribute('aria-label', cfg.sendLabel);
    }
    if (again) { enhance(); }
  }

  function enhance() {
    var log = root.querySelector('.rw-messages-container');
    var input = root.querySelector('.rw-new-message');
    if (!log && connected) {
      // the widget hides itself while the connection is lost; say so instead of a blank page
      connected = false;
      showStatus('reconnecting');
    }
    if (log && !connected) {
      connected = true;
      showStatus(null);
      // the widget focuses its input on start; on a phone that would open the keyboard
      // over the first question, so there the relative taps the input when needed
      if (coarsePointer && input && document.activeElement === input) { input.blur(); }
    }
    labelWidget(false);
    // each message and button reads in its own direction (an Arabic page may still show a Dutch
    // name or a link, and the other way round)
    var texts = root.querySelectorAll('.rw-message .rw-markdown:not([dir]), .rw-reply:not([dir])');
    for (var t = 0; t < texts.length; t += 1) { texts[t].setAttribute('dir', 'auto'); }
    var replies = root.querySelectorAll('.rw-reply:not([data-a11y])');
    for (var i = 0; i < replies.length; i += 1) {
      var reply = replies[i];
      reply.setAttribute('data-a11y', '1');
      if (reply.tagName !== 'A' && reply.tagName !== 'BUTTON') {
        reply.setAttribute('role', 'button');
        reply.setAttribute('tabindex', '0');
        reply.addEventListener('keydown', activate);
      }
    }
    var buttons = newestMessageHasButtons();
    if (input) {
      var wanted = buttons ? cfg.buttonHint : cfg.inputHint;
      if (input.getAttribute('placeholder') !== wanted) { input.setAttribute('placeholder', wanted); }
      hint.textContent = buttons ? cfg.buttonHint + '.' : '';
      root.classList.toggle('expects-button', buttons);
    }
    // A quick reply chosen with the keyboard disappears. Keep the keyboard user in the
    // conversation: on the input while waiting, then on the first new button if the answer
    // has buttons (the new message itself is announced through the log).
    if (chosenByKeyboard) {
      var active = document.activeElement;
      if (buttons) {
        chosenByKeyboard = false;
        newestGroup().querySelector('.rw-reply').focus({ preventScroll: true });
      } else if (input && (!active || active === document.body)) {
        input.focus({ preventScroll: true });
      }
    }
  }

  function newestGroup() {
    var groups = root.querySelectorAll('.rw-group-message');
    return groups.length ? groups[groups.length - 1] : null;
  }

  root.addEventListener('click', touch);
  // typing in the input ends the keyboard hand-over (never move focus away from typing)
  root.addEventListener('keydown', function (event) {
    touch();
    if (event.target.classList && event.target.classList.contains('rw-new-message')) { chosenByKeyboard = false; }
  });
  // when a phone keyboard opens (the page gets shorter), keep the newest message in view
  window.addEventListener('resize', function () {
    var log = root.querySelector('.rw-messages-container');
    if (log) { log.scrollTop = log.scrollHeight; }
  });
  new MutationObserver(enhance).observe(root, { childList: true, subtree: true });
  enhance();

  // A language button: the page switches at once; once the conversation has begun, the
  // assistant is told (its choose_language intent) and asks the current question again
  var languageLinks = document.querySelectorAll('#languages a[data-taal]');
  for (var l = 0; l < languageLinks.length; l += 1) {
    languageLinks[l].addEventListener('click', function (event) {
      var code = event.currentTarget.dataset.taal;
      if (!allTexts || !allTexts[code]) { return; }
      event.preventDefault();
      touch();
      if (code === language) { return; }
      applyLanguage(code);
      var started = root.querySelector('.rw-group-message') !== null;
      if (connected && started && widget.current && widget.current.sendMessage) {
        widget.current.sendMessage('/choose_language{"taal":"' + code + '"}');
      }
    });
  }

  window.setTimeout(function () {
    if (!connected) { showStatus('offline'); }
  }, 15000);
}());
