import { fileTypeOf } from '../../../../nodes/shared/transport/download';

const link = (path: string) =>
	new URL(`https://bucket.s3.amazonaws.com${path}?X-Amz-Signature=abc`);

describe('fileTypeOf (the MIME type and extension of a download)', () => {
	test.each([
		['audio/wav', '/r/8de63236.wav', 'audio/wav', 'wav'],
		['audio/mpeg', '/r/recording', 'audio/mpeg', 'mp3'],
		['Audio/MPEG; charset=binary', '/r/recording.bin', 'audio/mpeg', 'mp3'],
		['audio/x-wav', '/r/recording.mp4', 'audio/x-wav', 'wav'],
		['video/mp4', '/r/recording.mp4', 'video/mp4', 'mp4'],
		['audio/x-unknown', '/r/recording.ogg', 'audio/x-unknown', 'ogg'],
		['audio/x-unknown', '/r/recording', 'audio/x-unknown', 'bin'],
	])('Content-Type %s with link %s gives %s, .%s', (contentType, path, mimeType, extension) => {
		expect(fileTypeOf(contentType, link(path))).toEqual({ mimeType, extension });
	});

	test.each([
		['binary/octet-stream', '/r/recording.mp4', 'audio/mp4', 'mp4'],
		['application/octet-stream', '/r/recording.MP3', 'audio/mpeg', 'mp3'],
		['', '/r/recording.wav', 'audio/wav', 'wav'],
		['', '/r/recording.xyz', 'application/octet-stream', 'xyz'],
		['application/octet-stream', '/r/recording', 'application/octet-stream', 'bin'],
	])(
		'a generic Content-Type (%s) defers to the link %s: %s, .%s',
		(contentType, path, mimeType, extension) => {
			expect(fileTypeOf(contentType, link(path))).toEqual({ mimeType, extension });
		},
	);
});
