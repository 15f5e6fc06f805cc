/**
 * Every work the book may cite, by key. Chapters cite with `<Cite key="…" />`; the chapter page lists only the
 * works a page cites, numbered in order of first citation (see ./citations.ts).
 */

export interface BibEntry {
  /** As printed: "Surname, I., Surname, I. & Surname, I." */
  authors: string;
  year: number;
  title: string;
  /** Journal with volume and pages, proceedings, publisher, or repository. */
  venue: string;
  doi?: string;
  url?: string;
}

export const BIBLIOGRAPHY = {
  kermany2018: {
    authors: 'Kermany, D. S., Goldbaum, M., Cai, W., et al.',
    year: 2018,
    title: 'Identifying medical diagnoses and treatable diseases by image-based deep learning',
    venue: 'Cell 172(5), 1122–1131',
    doi: '10.1016/j.cell.2018.02.010',
  },
  kermanyData2018: {
    authors: 'Kermany, D., Zhang, K. & Goldbaum, M.',
    year: 2018,
    title: 'Labeled optical coherence tomography (OCT) and chest X-ray images for classification',
    venue: 'Mendeley Data, version 2. Licence CC BY 4.0',
    doi: '10.17632/rscbjbr9sj.2',
  },
  howard2017: {
    authors: 'Howard, A. G., Zhu, M., Chen, B., Kalenichenko, D., Wang, W., Weyand, T., Andreetto, M. & Adam, H.',
    year: 2017,
    title: 'MobileNets: efficient convolutional neural networks for mobile vision applications',
    venue: 'arXiv:1704.04861',
    url: 'https://arxiv.org/abs/1704.04861',
  },
  sandler2018: {
    authors: 'Sandler, M., Howard, A., Zhu, M., Zhmoginov, A. & Chen, L.-C.',
    year: 2018,
    title: 'MobileNetV2: inverted residuals and linear bottlenecks',
    venue: 'Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 4510–4520',
    doi: '10.1109/CVPR.2018.00474',
  },
  szegedy2016: {
    authors: 'Szegedy, C., Vanhoucke, V., Ioffe, S., Shlens, J. & Wojna, Z.',
    year: 2016,
    title: 'Rethinking the Inception architecture for computer vision',
    venue: 'Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 2818–2826',
    doi: '10.1109/CVPR.2016.308',
  },
  deng2009: {
    authors: 'Deng, J., Dong, W., Socher, R., Li, L.-J., Li, K. & Fei-Fei, L.',
    year: 2009,
    title: 'ImageNet: a large-scale hierarchical image database',
    venue: 'Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR), 248–255',
    doi: '10.1109/CVPR.2009.5206848',
  },
  lecun1998: {
    authors: 'LeCun, Y., Bottou, L., Bengio, Y. & Haffner, P.',
    year: 1998,
    title: 'Gradient-based learning applied to document recognition',
    venue: 'Proceedings of the IEEE 86(11), 2278–2324',
    doi: '10.1109/5.726791',
  },
  krizhevsky2012: {
    authors: 'Krizhevsky, A., Sutskever, I. & Hinton, G. E.',
    year: 2012,
    title: 'ImageNet classification with deep convolutional neural networks',
    venue: 'Advances in Neural Information Processing Systems 25 (NIPS 2012), 1097–1105',
  },
  simonyan2014: {
    authors: 'Simonyan, K., Vedaldi, A. & Zisserman, A.',
    year: 2014,
    title: 'Deep inside convolutional networks: visualising image classification models and saliency maps',
    venue: 'ICLR 2014 workshop; arXiv:1312.6034',
    url: 'https://arxiv.org/abs/1312.6034',
  },
  zeiler2014: {
    authors: 'Zeiler, M. D. & Fergus, R.',
    year: 2014,
    title: 'Visualizing and understanding convolutional networks',
    venue: 'Computer Vision – ECCV 2014, Lecture Notes in Computer Science 8689, 818–833',
    doi: '10.1007/978-3-319-10590-1_53',
  },
  selvaraju2017: {
    authors: 'Selvaraju, R. R., Cogswell, M., Das, A., Vedantam, R., Parikh, D. & Batra, D.',
    year: 2017,
    title: 'Grad-CAM: visual explanations from deep networks via gradient-based localization',
    venue: 'Proceedings of the IEEE International Conference on Computer Vision (ICCV), 618–626',
    doi: '10.1109/ICCV.2017.74',
  },
  smilkov2017: {
    authors: 'Smilkov, D., Thorat, N., Kim, B., Viégas, F. & Wattenberg, M.',
    year: 2017,
    title: 'SmoothGrad: removing noise by adding noise',
    venue: 'ICML 2017 Workshop on Visualization for Deep Learning; arXiv:1706.03825',
    url: 'https://arxiv.org/abs/1706.03825',
  },
  sundararajan2017: {
    authors: 'Sundararajan, M., Taly, A. & Yan, Q.',
    year: 2017,
    title: 'Axiomatic attribution for deep networks',
    venue: 'Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR 70, 3319–3328',
    url: 'https://proceedings.mlr.press/v70/sundararajan17a.html',
  },
  adebayo2018: {
    authors: 'Adebayo, J., Gilmer, J., Muelly, M., Goodfellow, I., Hardt, M. & Kim, B.',
    year: 2018,
    title: 'Sanity checks for saliency maps',
    venue: 'Advances in Neural Information Processing Systems 31 (NeurIPS), 9505–9515',
    url: 'https://arxiv.org/abs/1810.03292',
  },
  petsiuk2018: {
    authors: 'Petsiuk, V., Das, A. & Saenko, K.',
    year: 2018,
    title: 'RISE: randomized input sampling for explanation of black-box models',
    venue: 'British Machine Vision Conference (BMVC); arXiv:1806.07421',
    url: 'https://arxiv.org/abs/1806.07421',
  },
  bach2015: {
    authors: 'Bach, S., Binder, A., Montavon, G., Klauschen, F., Müller, K.-R. & Samek, W.',
    year: 2015,
    title: 'On pixel-wise explanations for non-linear classifier decisions by layer-wise relevance propagation',
    venue: 'PLOS ONE 10(7), e0130140',
    doi: '10.1371/journal.pone.0130140',
  },
  singh2020: {
    authors: 'Singh, A., Sengupta, S. & Lakshminarayanan, V.',
    year: 2020,
    title: 'Explainable deep learning models in medical image analysis',
    venue: 'Journal of Imaging 6(6), 52',
    doi: '10.3390/jimaging6060052',
  },
  rumelhart1986: {
    authors: 'Rumelhart, D. E., Hinton, G. E. & Williams, R. J.',
    year: 1986,
    title: 'Learning representations by back-propagating errors',
    venue: 'Nature 323, 533–536',
    doi: '10.1038/323533a0',
  },
  dumoulin2016: {
    authors: 'Dumoulin, V. & Visin, F.',
    year: 2016,
    title: 'A guide to convolution arithmetic for deep learning',
    venue: 'arXiv:1603.07285',
    url: 'https://arxiv.org/abs/1603.07285',
  },
  yosinski2014: {
    authors: 'Yosinski, J., Clune, J., Bengio, Y. & Lipson, H.',
    year: 2014,
    title: 'How transferable are features in deep neural networks?',
    venue: 'Advances in Neural Information Processing Systems 27 (NIPS 2014), 3320–3328',
    url: 'https://arxiv.org/abs/1411.1792',
  },
  zech2018: {
    authors: 'Zech, J. R., Badgeley, M. A., Liu, M., Costa, A. B., Titano, J. J. & Oermann, E. K.',
    year: 2018,
    title:
      'Variable generalization performance of a deep learning model to detect pneumonia in chest radiographs: a cross-sectional study',
    venue: 'PLOS Medicine 15(11), e1002683',
    doi: '10.1371/journal.pmed.1002683',
  },
  delong1988: {
    authors: 'DeLong, E. R., DeLong, D. M. & Clarke-Pearson, D. L.',
    year: 1988,
    title:
      'Comparing the areas under two or more correlated receiver operating characteristic curves: a nonparametric approach',
    venue: 'Biometrics 44(3), 837–845',
    doi: '10.2307/2531595',
  },
  wilson1927: {
    authors: 'Wilson, E. B.',
    year: 1927,
    title: 'Probable inference, the law of succession, and statistical inference',
    venue: 'Journal of the American Statistical Association 22(158), 209–212',
    doi: '10.1080/01621459.1927.10502953',
  },
  mcnemar1947: {
    authors: 'McNemar, Q.',
    year: 1947,
    title: 'Note on the sampling error of the difference between correlated proportions or percentages',
    venue: 'Psychometrika 12(2), 153–157',
    doi: '10.1007/BF02295996',
  },
  guo2017: {
    authors: 'Guo, C., Pleiss, G., Sun, Y. & Weinberger, K. Q.',
    year: 2017,
    title: 'On calibration of modern neural networks',
    venue: 'Proceedings of the 34th International Conference on Machine Learning (ICML), PMLR 70, 1321–1330',
    url: 'https://arxiv.org/abs/1706.04599',
  },
  brier1950: {
    authors: 'Brier, G. W.',
    year: 1950,
    title: 'Verification of forecasts expressed in terms of probability',
    venue: 'Monthly Weather Review 78(1), 1–3',
    doi: '10.1175/1520-0493(1950)078<0001:VOFEIT>2.0.CO;2',
  },
  goodfellow2016: {
    authors: 'Goodfellow, I., Bengio, Y. & Courville, A.',
    year: 2016,
    title: 'Deep Learning',
    venue: 'MIT Press',
    url: 'https://www.deeplearningbook.org',
  },
  mcculloch1943: {
    authors: 'McCulloch, W. S. & Pitts, W.',
    year: 1943,
    title: 'A logical calculus of the ideas immanent in nervous activity',
    venue: 'Bulletin of Mathematical Biophysics 5(4), 115–133',
    doi: '10.1007/BF02478259',
  },
  rosenblatt1958: {
    authors: 'Rosenblatt, F.',
    year: 1958,
    title: 'The perceptron: a probabilistic model for information storage and organization in the brain',
    venue: 'Psychological Review 65(6), 386–408',
    doi: '10.1037/h0042519',
  },
  nair2010: {
    authors: 'Nair, V. & Hinton, G. E.',
    year: 2010,
    title: 'Rectified linear units improve restricted Boltzmann machines',
    venue: 'Proceedings of the 27th International Conference on Machine Learning (ICML 2010), 807–814',
  },
  hubel1962: {
    authors: 'Hubel, D. H. & Wiesel, T. N.',
    year: 1962,
    title: 'Receptive fields, binocular interaction and functional architecture in the cat’s visual cortex',
    venue: 'Journal of Physiology 160(1), 106–154',
    doi: '10.1113/jphysiol.1962.sp006837',
  },
  fukushima1980: {
    authors: 'Fukushima, K.',
    year: 1980,
    title:
      'Neocognitron: a self-organizing neural network model for a mechanism of pattern recognition unaffected by shift in position',
    venue: 'Biological Cybernetics 36(4), 193–202',
    doi: '10.1007/BF00344251',
  },
  lecun1989: {
    authors: 'LeCun, Y., Boser, B., Denker, J. S., Henderson, D., Howard, R. E., Hubbard, W. & Jackel, L. D.',
    year: 1989,
    title: 'Backpropagation applied to handwritten zip code recognition',
    venue: 'Neural Computation 1(4), 541–551',
    doi: '10.1162/neco.1989.1.4.541',
  },
  ioffe2015: {
    authors: 'Ioffe, S. & Szegedy, C.',
    year: 2015,
    title: 'Batch normalization: accelerating deep network training by reducing internal covariate shift',
    venue: 'Proceedings of the 32nd International Conference on Machine Learning (ICML 2015), PMLR 37, 448–456',
    url: 'https://arxiv.org/abs/1502.03167',
  },
  gonzalez2018: {
    authors: 'Gonzalez, R. C. & Woods, R. E.',
    year: 2018,
    title: 'Digital Image Processing, 4th edition',
    venue: 'Pearson',
  },
  scherer2010: {
    authors: 'Scherer, D., Müller, A. & Behnke, S.',
    year: 2010,
    title: 'Evaluation of pooling operations in convolutional architectures for object recognition',
    venue: 'Artificial Neural Networks – ICANN 2010, Lecture Notes in Computer Science 6354, 92–101',
    doi: '10.1007/978-3-642-15825-4_10',
  },
  lin2014: {
    authors: 'Lin, M., Chen, Q. & Yan, S.',
    year: 2014,
    title: 'Network in network',
    venue: 'International Conference on Learning Representations (ICLR 2014); arXiv:1312.4400',
    url: 'https://arxiv.org/abs/1312.4400',
  },
  azulay2019: {
    authors: 'Azulay, A. & Weiss, Y.',
    year: 2019,
    title: 'Why do deep convolutional networks generalize so poorly to small image transformations?',
    venue: 'Journal of Machine Learning Research 20(184), 1–25',
    url: 'https://www.jmlr.org/papers/v20/19-519.html',
  },
  zhang2019: {
    authors: 'Zhang, R.',
    year: 2019,
    title: 'Making convolutional networks shift-invariant again',
    venue: 'Proceedings of the 36th International Conference on Machine Learning (ICML 2019), PMLR 97, 7324–7334',
    url: 'https://arxiv.org/abs/1904.11486',
  },
  araujo2019: {
    authors: 'Araujo, A., Norris, W. & Sim, J.',
    year: 2019,
    title: 'Computing receptive fields of convolutional neural networks',
    venue: 'Distill 4(11), e21',
    doi: '10.23915/distill.00021',
  },
  luo2016: {
    authors: 'Luo, W., Li, Y., Urtasun, R. & Zemel, R.',
    year: 2016,
    title: 'Understanding the effective receptive field in deep convolutional neural networks',
    venue: 'Advances in Neural Information Processing Systems 29 (NIPS 2016), 4898–4906',
    url: 'https://arxiv.org/abs/1701.04128',
  },
  kingma2015: {
    authors: 'Kingma, D. P. & Ba, J.',
    year: 2015,
    title: 'Adam: a method for stochastic optimization',
    venue: 'International Conference on Learning Representations (ICLR 2015)',
    url: 'https://arxiv.org/abs/1412.6980',
  },
  prechelt1998: {
    authors: 'Prechelt, L.',
    year: 1998,
    title: 'Early stopping — but when?',
    venue: 'In Orr, G. B. & Müller, K.-R. (eds), Neural Networks: Tricks of the Trade, LNCS 1524, 55–69. Springer',
    doi: '10.1007/3-540-49430-8_3',
  },
  carney2020: {
    authors: 'Carney, M., Webster, B., Alvarado, I., et al.',
    year: 2020,
    title: 'Teachable Machine: approachable web-based tool for exploring machine learning classification',
    venue: 'Extended Abstracts of the 2020 CHI Conference on Human Factors in Computing Systems, 1–8',
    doi: '10.1145/3334480.3382839',
  },
  robbins1951: {
    authors: 'Robbins, H. & Monro, S.',
    year: 1951,
    title: 'A stochastic approximation method',
    venue: 'The Annals of Mathematical Statistics 22(3), 400–407',
    doi: '10.1214/aoms/1177729586',
  },
  polyak1964: {
    authors: 'Polyak, B. T.',
    year: 1964,
    title: 'Some methods of speeding up the convergence of iteration methods',
    venue: 'USSR Computational Mathematics and Mathematical Physics 4(5), 1–17',
    doi: '10.1016/0041-5553(64)90137-5',
  },
  bengio1994: {
    authors: 'Bengio, Y., Simard, P. & Frasconi, P.',
    year: 1994,
    title: 'Learning long-term dependencies with gradient descent is difficult',
    venue: 'IEEE Transactions on Neural Networks 5(2), 157–166',
    doi: '10.1109/72.279181',
  },
  glorot2011: {
    authors: 'Glorot, X., Bordes, A. & Bengio, Y.',
    year: 2011,
    title: 'Deep sparse rectifier neural networks',
    venue:
      'Proceedings of the 14th International Conference on Artificial Intelligence and Statistics (AISTATS 2011), PMLR 15, 315–323',
    url: 'https://proceedings.mlr.press/v15/glorot11a.html',
  },
} as const satisfies Record<string, BibEntry>;

export type CitationKey = keyof typeof BIBLIOGRAPHY;

export class UnknownCitationError extends Error {
  override name = 'UnknownCitationError';
}

export function isCitationKey(key: string): key is CitationKey {
  return Object.hasOwn(BIBLIOGRAPHY, key);
}

/** The entry for `key`; an unknown key throws, naming the key and the known ones. */
export function bibEntry(key: string): BibEntry {
  if (!isCitationKey(key)) {
    throw new UnknownCitationError(
      `Unknown citation key "${key}". Add it to src/lib/bibliography.ts or use one of: ${Object.keys(BIBLIOGRAPHY).join(', ')}.`,
    );
  }
  return BIBLIOGRAPHY[key];
}

/** The link for an entry: its DOI resolver address, else its URL, else null. */
export function entryLink(entry: BibEntry): string | null {
  if (entry.doi) return `https://doi.org/${entry.doi}`;
  return entry.url ?? null;
}

/** The HTML id of an entry in a page's bibliography, the target of its citations. */
export function bibAnchor(key: string): string {
  return `bib-${key}`;
}
