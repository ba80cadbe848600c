"""Minimal libtorrent 2.x client for the e2e interop tests (v2 and hybrid reference):
download or seed one torrent on 127.0.0.1 with DHT, LSD, UPnP, NAT-PMP and uTP off.
usage: lt_client.py (TORRENT|MAGNET) SAVE_DIR PORT (download|seed) [SECONDS]
Prints JSON lines: {"event":"progress",...} and {"event":"done"}."""
import json, sys, time
import libtorrent as lt

torrent, save, port, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
limit = float(sys.argv[5]) if len(sys.argv) > 5 else 60
s = lt.session({
    'listen_interfaces': f'127.0.0.1:{port}', 'enable_dht': False, 'enable_lsd': False,
    'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification | lt.alert.category_t.peer_notification,
    'enable_incoming_utp': False, 'enable_outgoing_utp': False, 'allow_i2p_mixed': False,
    'announce_to_all_trackers': True, 'min_announce_interval': 1,
})
if torrent.startswith('magnet:'):
    # Metadata from the peers (BEP 9); trackers from the magnet's tr= (each its own tier).
    params = lt.parse_magnet_uri(torrent)
else:
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
params.save_path = save
h = s.add_torrent(params)
start = time.time()
while time.time() - start < limit:
    st = h.status()
    for a in s.pop_alerts():
        if a.category() & lt.alert.category_t.error_notification:
            print(json.dumps({'event': 'alert', 'message': a.message()}), flush=True)
    print(json.dumps({'event': 'progress', 'progress': st.progress, 'state': str(st.state), 'peers': st.num_peers, 'seeding': st.is_seeding}), flush=True)
    if mode == 'download' and st.is_seeding:
        print(json.dumps({'event': 'done'}), flush=True)
        break
    if mode == 'seed' and st.is_seeding:
        print(json.dumps({'event': 'ready'}), flush=True)
        mode = 'seeding'
    time.sleep(0.5)
