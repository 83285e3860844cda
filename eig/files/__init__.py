"""Uploaded files: validation, private storage, virus scan, guarded download.

A reusable module: the dossier engine (and any later app) calls `store_upload`
and links to `StoredFile.get_absolute_url()`; who may download is decided by
`eig.files.permissions.can_download`, which later apps extend.
"""
