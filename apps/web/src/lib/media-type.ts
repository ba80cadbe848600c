/**
 * @module lib/media-type — which received files the browser can play while they download, and
 * the MIME type the stream URL answers with (media elements need it to pick a demuxer).
 */

/** A playable file's kind and MIME type. */
export interface MediaType {
  readonly kind: 'audio' | 'video';
  readonly mime: string;
}

const TYPES: Record<string, MediaType> = {
  mp4: { kind: 'video', mime: 'video/mp4' },
  m4v: { kind: 'video', mime: 'video/mp4' },
  webm: { kind: 'video', mime: 'video/webm' },
  ogv: { kind: 'video', mime: 'video/ogg' },
  mov: { kind: 'video', mime: 'video/quicktime' },
  mkv: { kind: 'video', mime: 'video/x-matroska' },
  mp3: { kind: 'audio', mime: 'audio/mpeg' },
  m4a: { kind: 'audio', mime: 'audio/mp4' },
  aac: { kind: 'audio', mime: 'audio/aac' },
  wav: { kind: 'audio', mime: 'audio/wav' },
  ogg: { kind: 'audio', mime: 'audio/ogg' },
  oga: { kind: 'audio', mime: 'audio/ogg' },
  opus: { kind: 'audio', mime: 'audio/ogg' },
  flac: { kind: 'audio', mime: 'audio/flac' },
  weba: { kind: 'audio', mime: 'audio/webm' },
};

/** The media type of a file name by its extension, or null when it is not audio/video. */
export function mediaTypeOf(name: string): MediaType | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return TYPES[name.slice(dot + 1).toLowerCase()] ?? null;
}
