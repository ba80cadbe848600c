"""Creates a torrent with python3-libtorrent (the v2/hybrid reference) and prints its hashes.

usage: lt_create.py PATH PIECE_LENGTH v1|v2|hybrid OUT.torrent
"""
import json, os, sys
import libtorrent as lt

path, piece_length, mode, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
fs = lt.file_storage()
lt.add_files(fs, path)
flags = {'hybrid': 0, 'v2': lt.create_torrent.v2_only, 'v1': lt.create_torrent.v1_only}[mode]
ct = lt.create_torrent(fs, piece_length, flags)
lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(path)))
data = lt.bencode(ct.generate())
with open(out, 'wb') as f:
    f.write(data)
ti = lt.torrent_info(out)
ih = ti.info_hashes()
print(json.dumps({
    'v1': str(ih.v1) if ih.has_v1() else None,
    'v2': str(ih.v2) if ih.has_v2() else None,
}))
