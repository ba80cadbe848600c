"""Magnet links through python3-libtorrent, printed as JSON.

usage: lt_magnet.py parse MAGNET   -> {v1, v2, name, trackers, peers}
       lt_magnet.py make FILE.torrent -> {uri}
"""
import json, sys
import libtorrent as lt

if sys.argv[1] == 'parse':
    p = lt.parse_magnet_uri(sys.argv[2])
    ih = p.info_hashes
    print(json.dumps({
        'v1': str(ih.v1) if ih.has_v1() else None,
        'v2': str(ih.v2) if ih.has_v2() else None,
        'name': p.name,
        'trackers': list(p.trackers),
        'peers': [[h, port] for (h, port) in p.peers],
    }))
else:
    print(json.dumps({'uri': lt.make_magnet_uri(lt.torrent_info(sys.argv[2]))}))
