/** The value a pseudo-label voxel takes when it is neither taught as bleed nor as background (light-unet leaves it out of the loss). */
export const IGNORE_LABEL = 2;
