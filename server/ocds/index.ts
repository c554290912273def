/** Open Contracting Data Standard 1.1 export (DESIGN §3 ocds/): release packages built from the public views of the lifecycle modules. */
import type { AppContext } from '../context';
import { ocdsRouter as routes } from './routes';
import { createOcdsService } from './service';

export { createOcdsService, type OcdsService, type OcdsDeps } from './service';
export { ocidOf, releasesOf, type Release } from './releases';
export { OCDS_EXTENSIONS } from './package';
export { ReleasesQuery } from './schema';

/** The /ocds router over the app's services (the export holds no state of its own). */
export function ocdsRouter(ctx: AppContext) {
  return routes(
    createOcdsService({
      tenders: ctx.tenders,
      documents: ctx.documents,
      clarifications: ctx.clarifications,
      opening: ctx.opening,
      awards: ctx.awards,
      records: ctx.records,
      findAccount: (id) => ctx.auth.getUser(id),
      clock: ctx.clock,
      ocidPrefix: ctx.config.ocidPrefix,
      publicUrl: ctx.config.publicUrl,
    }),
  );
}
