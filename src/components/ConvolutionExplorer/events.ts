/** A page event other widgets send to load a kernel into the convolution explorer (e.g. a filter of the real model). */
import type { Kernel } from '../../lib/model/lessons/kernels';

export const USE_KERNEL_EVENT = 'lightbox:use-kernel';

export interface UseKernelDetail {
  kernel: Kernel;
}

export function sendKernel(kernel: Kernel): void {
  window.dispatchEvent(new CustomEvent<UseKernelDetail>(USE_KERNEL_EVENT, { detail: { kernel } }));
}
