/* Starts the rasa-webchat widget (window.WebChat, vendored) and makes it accessible:
 * labels on the input and buttons, quick replies usable with the keyboard, new bot
 * messages announced (role=log), focus kept sensible, and a hint in the input when the
 * bot expects a button answer. Settings come from data- attributes (no inline script). */
(function () {
  'use strict';
  var root = document.getElementById('chat');
  var status = document.getElementById('chat-status');
  var cfg = root.dataset;
  var customData = { language: 'nl' };
  if (cfg.afdeling) { customData.afdeling = cfg.afdeling; }

  if (!window.WebChat || !window.WebChat.default) {
    status.textContent = cfg.offline;
    return;
  }

  window.WebChat.default({
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
  var lastReplyFocused = false;
  var connected = false;

  function activate(event) {
    if (event.key === 'Enter' || event.key === ' ' || event.key === 'Spacebar') {
      event.preventDefault();
      event.currentTarget.click();
    }
  }

  function newestMessageHasButtons() {
    var groups = root.querySelectorAll('.rw-group-message');
    if (!groups.length) { return false; }
    var last = groups[groups.length - 1];
    if (!last.classList.contains('rw-from-response')) { return false; }
    return last.querySelector('.rw-replies .rw-reply') !== null;
  }

  function enhance() {
    var log = root.querySelector('.rw-messages-container');
    var input = root.querySelector('.rw-new-message');
    if (log && !connected) {
      connected = true;
      status.textContent = '';
      status.hidden = true;
    }
    if (log && !log.hasAttribute('role')) {
      log.setAttribute('role', 'log');
      log.setAttribute('aria-live', 'polite');
      log.setAttribute('aria-relevant', 'additions');
      log.setAttribute('aria-label', cfg.logLabel);
      log.setAttribute('tabindex', '0');
    }
    if (input && !input.hasAttribute('aria-label')) {
      input.setAttribute('aria-label', cfg.inputLabel);
      input.setAttribute('aria-describedby', hintId);
      input.id = 'chat-input';
    }
    var send = root.querySelector('.rw-send');
    if (send && !send.hasAttribute('aria-label')) {
      send.setAttribute('aria-label', cfg.sendLabel);
    }
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
    // A chosen quick reply disappears; keep the keyboard user in the conversation instead
    // of losing focus to the page: on the first new button, or else on the input.
    var active = document.activeElement;
    if (lastReplyFocused && (!active || active === document.body)) {
      var first = buttons ? root.querySelector('.rw-group-message:last-child .rw-reply') : null;
      var target = first || input;
      if (target) { target.focus({ preventScroll: true }); lastReplyFocused = target === first; }
    }
  }

  root.addEventListener('focusin', function (event) {
    lastReplyFocused = !!(event.target.classList && event.target.classList.contains('rw-reply'));
  });
  new MutationObserver(enhance).observe(root, { childList: true, subtree: true });
  enhance();

  window.setTimeout(function () {
    if (!connected) { status.textContent = cfg.offline; }
  }, 15000);
}());
