// The replica's own behaviour: routes changed in place with history.pushState, the navigation
// re-rendered on every route (as SPA frameworks do), a click counter and a form.
// `?replica=no-create-button` on the first load: a broadcast list without its create button (a
// manager variant the extension does not know), kept for the rest of the visit.
(function () {
  var variant = new URLSearchParams(location.search).get('replica') || '';
  var clicks = 0;
  var submitted = [];
  function account() {
    var m = location.pathname.match(/^\/account\/(@[^/]+)/);
    return m ? m[1] : null;
  }
  var items = [
    ['', 'ホーム'], ['broadcast/', 'メッセージ配信'], ['chat/', 'チャット'], ['insight/', '分析'], ['setting/', '設定'],
  ];
  function renderNav() {
    var a = account();
    var nav = document.getElementById('side-nav');
    var html = '<ul>';
    items.forEach(function (it) {
      var href = '/account/' + a + '/' + it[0];
      var current = location.pathname === href ? ' aria-current="page"' : '';
      html += '<li><a href="' + href + '" data-route' + current + '>' + it[1] + '</a></li>';
    });
    nav.innerHTML = html + '</ul>';
  }
  function renderContent() {
    var el = document.getElementById('content');
    var path = location.pathname.replace(/^\/account\/@[^/]+\//, '');
    if (path.indexOf('broadcast/create') === 0) {
      el.innerHTML = '<h1>メッセージを作成</h1><form id="host-compose"><label>テキスト <textarea name="text"></textarea></label>' +
        '<button type="button">配信</button></form>';
    } else if (path.indexOf('broadcast') === 0) {
      // The list's head: its title, then its own create button, a link the app routes in place.
      var create = variant === 'no-create-button' ? ''
        : '<a class="btn btn-primary" id="host-create" href="/account/' + account() + '/broadcast/create" data-route>作成</a>';
      el.innerHTML = '<div class="page-head"><h1>メッセージ配信</h1><div class="page-actions">' + create + '</div></div>' +
        '<div role="tablist" aria-label="ステータス"><button role="tab" aria-selected="true" type="button">配信済み</button>' +
        '<button role="tab" aria-selected="false" type="button">予約済み</button><button role="tab" aria-selected="false" type="button">下書き</button></div>' +
        '<table aria-label="配信一覧"><thead><tr><th>メッセージ</th><th>配信日時</th></tr></thead>' +
        '<tbody><tr><td>Welcome campaign</td><td>2026/11/20 10:00</td></tr></tbody></table>';
    } else if (path.indexOf('chat') === 0) {
      el.innerHTML = '<h1>チャット</h1><p>No chats.</p>';
    } else {
      el.innerHTML = '<h1>ホーム</h1>' +
        '<button id="host-counter" type="button">Host clicks: <span id="host-count">' + clicks + '</span></button>' +
        '<form id="host-form"><label>Host note <input id="host-note" name="note"></label><button type="submit">Host submit</button></form>' +
        '<p id="host-submitted">' + submitted.join(',') + '</p>';
      document.getElementById('host-counter').addEventListener('click', function () {
        clicks++;
        document.getElementById('host-count').textContent = String(clicks);
      });
      document.getElementById('host-form').addEventListener('submit', function (e) {
        e.preventDefault();
        submitted.push(document.getElementById('host-note').value);
        document.getElementById('host-submitted').textContent = submitted.join(',');
      });
    }
    document.getElementById('account-name').textContent = account() || '';
  }
  function render() { renderNav(); renderContent(); }
  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[data-route]');
    if (!link) return;
    e.preventDefault();
    history.pushState({}, '', link.getAttribute('href'));
    render();
  });
  window.addEventListener('popstate', render);
  render();
})();
