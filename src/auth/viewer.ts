import { Role } from '../common/enums';

/** Who is asking, and what part of the world they may see. */
export interface Viewer {
  userId: string;
  username: string;
  role: Role;
  /** The user's region (a township for organizers, the city or a county for organization departments). */
  regionId: string | null;
  /** That region's path ("150800/150821/"): its subtree is every path with this prefix. */
  regionPath: string | null;
  departmentId: string | null;
}

/** Whether a region (given by its path) lies inside the viewer's region. */
export function inViewerRegion(viewer: Viewer, path: string): boolean {
  return viewer.regionPath !== null && path.startsWith(viewer.regionPath);
}
