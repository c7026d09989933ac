import type en from '../../i18n/post.en.json';
import type ja from '../../i18n/post.ja.json';
import type enShared from '../../i18n/en.json';
import type jaShared from '../../i18n/ja.json';
import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';

type PostKey =
  | TranslatedKey<typeof ja.post.errors, typeof en.post.errors, 'post.errors'>
  | TranslatedKey<typeof jaShared.errors, typeof enShared.errors, 'errors'>;

/** The words of the letters section for its errors, keyed by the server's stable ids. */
const POST_MESSAGES: ErrorMessages<PostKey> = {
  post_letters_empty: 'post.errors.post_letters_empty',
  post_letters_not_ready: 'post.errors.post_letters_not_ready',
  post_letters_not_cancellable: 'post.errors.post_letters_not_cancellable',
  post_letters_failed: 'post.errors.post_letters_failed',
  post_source_gone: 'post.errors.post_source_gone',
  validation_failed: 'errors.validation_failed',
  network: 'errors.network',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
  not_found: 'errors.not_found',
};

export function postErrorKey(error: unknown): PostKey {
  return explain(POST_MESSAGES, errorIdOf(error, true), 'errors.unknown');
}
