/** Open Contracting Data Standard 1.1 export (DESIGN §3 ocds/): releases built from the public views of the lifecycle modules, stored when they happen. */
import type { AppContext } from '../context';
import { ocdsRouter as routes } from './routes';

export { createOcdsService, type OcdsService, type OcdsDeps } from './service';
export { markingOcdsChanges } from './outbox';
export { ocidOf, releasesOf, type Release } from './releases';
export { OCDS_EXTENSIONS } from './package';
export { ReleasesQuery, ReleasePackageResponse } from './schema';

/** The /ocds router over the app's OCDS service. */
export function ocdsRouter(ctx: AppContext) {
  return routes(ctx.ocds);
}
