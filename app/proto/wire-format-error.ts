/** A wire message that cannot become a core message; `field` is a path such as "messages[2].accept.ballot". */
import { FieldError } from '../util/field-error';

export class WireFormatError extends FieldError {
  override name = 'WireFormatError';
}
