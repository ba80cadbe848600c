"""Loads a torrent with python3-libtorrent and prints what it understood, as JSON.

usage: lt_info.py FILE.torrent
"""
import json, sys
import libtorrent as lt

ti = lt.torrent_info(sys.argv[1])
ih = ti.info_hashes()
fs = ti.files()
print(json.dumps({
    'v1': str(ih.v1) if ih.has_v1() else None,
    'v2': str(ih.v2) if ih.has_v2() else None,
    'name': ti.name(),
    'num_pieces': ti.num_pieces(),
    'piece_length': ti.piece_length(),
    'total_size': ti.total_size(),
    'files': [{
        'path': fs.file_path(i),
        'size': fs.file_size(i),
        'offset': fs.file_offset(i),
        'pad': bool(fs.file_flags(i) & lt.file_storage.flag_pad_file),
    } for i in range(fs.num_files())],
}))
