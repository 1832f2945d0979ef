import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors';
import type { Role } from '../common/enums';
import type { Context } from '../context';

/**
 * `@Authorized()` on every field but `login`: a signed-in user; `@Authorized(roles)`: one of
 * those roles. Finer rules (whose township, whose department) live in the services.
 */
export class AuthChecker implements AuthCheckerInterface<Context, Role> {
  check({ context }: ResolverData<Context>, roles: Role[]): boolean {
    if (!context.viewer) {
      throw unauthenticated(
        context.authProblem === 'expired'
          ? 'Your token has expired: sign in again with the login mutation'
          : context.authProblem === 'invalid'
            ? 'The token is not valid: sign in again with the login mutation'
            : context.authProblem === 'unknown-user'
              ? "The token's user no longer exists or is disabled"
              : context.authProblem === 'revoked'
                ? 'The token was ended by a later password change, password reset, deactivation or logout: sign in again with the login mutation'
                : undefined,
      );
    }
    if (roles.length > 0 && !roles.includes(context.viewer.role)) {
      throw forbidden(`This needs one of the roles ${roles.join(', ')}; you are ${context.viewer.role}`);
    }
    return true;
  }
}
