/**
 * The glossary's terms (src/lib/glossary.ts derives where each is taught). A definition says what the term means
 * in this book, in a sentence or two; the chapter teaches it properly. Add a term here when a chapter teaches one.
 */
import type { GlossaryTerm } from '../lib/glossary';

export const GLOSSARY_TERMS: readonly GlossaryTerm[] = [
  // Chapter 1: the clinical problems and the vocabulary of the field.
  {
    term: 'Optical coherence tomography',
    forms: ['OCT'],
    chapter: 'why-machines-read-scans',
    definition:
      'An imaging method that measures reflected light to build cross-sections (B-scans) of the retina, layer by layer.',
  },
  {
    term: 'Choroidal neovascularisation',
    forms: ['CNV'],
    chapter: 'why-machines-read-scans',
    definition:
      'New, leaky blood vessels growing under the retina, as in wet age-related macular degeneration; one of the four OCT classes.',
  },
  {
    term: 'Diabetic macular oedema',
    forms: ['DME', 'macular oedema'],
    chapter: 'why-machines-read-scans',
    definition: 'Fluid in the central retina caused by diabetes; one of the four OCT classes.',
  },
  {
    term: 'Drusen',
    chapter: 'why-machines-read-scans',
    definition: 'Yellowish deposits under the retina, an early sign of age-related macular degeneration.',
  },
  {
    term: 'Machine learning',
    chapter: 'why-machines-read-scans',
    definition: 'Programs whose behaviour is fitted to examples instead of written as rules by hand.',
  },
  {
    term: 'Deep learning',
    chapter: 'why-machines-read-scans',
    definition:
      'Machine learning with networks of many layers, which learn their own features from raw pixels instead of features designed by hand.',
  },
  {
    term: 'Softmax',
    chapter: 'why-machines-read-scans',
    definition:
      'Turns a network’s raw scores, one per class, into positive numbers that add up to 1: the exponential of each score divided by the sum of all of them.',
  },
  {
    term: 'Calibration',
    chapter: 'why-machines-read-scans',
    definition:
      'Whether a model’s probabilities can be read as frequencies: of the scans it gives 0.7, do about 70% have the disease? It has to be checked on data.',
  },
  {
    term: 'Sensitivity',
    chapter: 'why-machines-read-scans',
    definition: 'The share of patients who have the condition whom the test flags (the true-positive rate).',
  },
  {
    term: 'Specificity',
    chapter: 'why-machines-read-scans',
    definition: 'The share of patients without the condition whom the test clears (the true-negative rate).',
  },
  {
    term: 'ImageNet',
    chapter: 'why-machines-read-scans',
    definition:
      'A large collection of labelled everyday photographs (1,000 classes in its best-known benchmark) on which the book’s backbones were trained.',
  },
  // Chapter 2: neurons and networks.
  {
    term: 'Neuron',
    chapter: 'neurons-and-networks',
    definition: 'A weighted sum of its inputs plus a bias, passed through an activation function.',
  },
  {
    term: 'Weight',
    chapter: 'neurons-and-networks',
    definition: 'A number a neuron multiplies one of its inputs by; training adjusts the weights.',
  },
  {
    term: 'Bias',
    chapter: 'neurons-and-networks',
    definition: 'The number a neuron adds to its weighted sum, shifting where it switches on.',
  },
  {
    term: 'Activation function',
    chapter: 'neurons-and-networks',
    definition:
      'The function applied to a neuron’s weighted sum (ReLU, sigmoid); without it, stacked layers collapse into one linear map.',
  },
  {
    term: 'ReLU',
    chapter: 'neurons-and-networks',
    definition: 'The rectified linear unit: negative values become 0, positive ones pass unchanged.',
  },
  {
    term: 'Sigmoid',
    chapter: 'neurons-and-networks',
    definition: 'An S-shaped activation, 1 / (1 + e^(−x)), that squeezes any number into the range 0 to 1.',
  },
  {
    term: 'Fully connected layer',
    chapter: 'neurons-and-networks',
    definition: 'A layer in which every neuron has a weight for every input value.',
  },
  {
    term: 'Weight sharing',
    chapter: 'neurons-and-networks',
    definition:
      'Using the same weights at every position of an image, as a convolution does, so a pattern is detected wherever it appears.',
  },
  // Chapter 3: convolution.
  {
    term: 'Convolution',
    chapter: 'convolution',
    definition:
      'Sliding a small grid of weights (a kernel) across an image and taking the weighted sum at each position.',
  },
  {
    term: 'Kernel',
    forms: ['filter'],
    chapter: 'convolution',
    definition: 'The small grid of weights a convolution slides across the image.',
  },
  {
    term: 'Stride',
    chapter: 'convolution',
    definition: 'How many pixels a kernel (or a pooling window) moves between positions; a stride of 2 halves the map.',
  },
  {
    term: 'Padding',
    chapter: 'convolution',
    definition: 'Values (usually zeros) added around the border so the kernel can be centred on edge pixels.',
  },
  // Chapter 4: pooling.
  {
    term: 'Max pooling',
    chapter: 'pooling',
    definition: 'Summarising each window of a map by its largest value.',
  },
  {
    term: 'Average pooling',
    chapter: 'pooling',
    definition: 'Summarising each window of a map by its mean value.',
  },
  {
    term: 'Global average pooling',
    chapter: 'pooling',
    definition: 'Averaging each channel over the whole map, leaving one number per channel whatever the image size.',
  },
  // Chapter 5: inside the CNN.
  {
    term: 'Channel',
    chapter: 'inside-the-cnn',
    definition:
      'One of the maps a layer outputs, each the response of one filter at every position (red, green and blue are the input’s three).',
  },
  {
    term: 'Depthwise convolution',
    chapter: 'inside-the-cnn',
    definition: 'A convolution with one small filter per channel, each channel filtered on its own.',
  },
  {
    term: 'Pointwise convolution',
    chapter: 'inside-the-cnn',
    definition: 'A 1 × 1 convolution: a weighted sum across all channels at each position, mixing channels.',
  },
  {
    term: 'Batch normalisation',
    forms: ['BatchNorm'],
    chapter: 'inside-the-cnn',
    definition:
      'Rescaling each channel with a mean and spread learned in training, which keeps values in a range later layers handle well.',
  },
  {
    term: 'Receptive field',
    chapter: 'inside-the-cnn',
    definition: 'The region of the input image that can influence one position of a layer’s map.',
  },
  // Chapter 7: transfer learning.
  {
    term: 'Backbone',
    chapter: 'transfer-learning',
    definition: 'The pretrained layers that turn an image into features, reused (frozen or fine-tuned) for a new task.',
  },
  {
    term: 'Head',
    chapter: 'transfer-learning',
    definition: 'The small classifier trained on the backbone’s features to give the answer for one task.',
  },
  {
    term: 'Transfer learning',
    chapter: 'transfer-learning',
    definition:
      'Reusing a network trained on one task (ImageNet photographs) as the starting point for another (scans).',
  },
  {
    term: 'Cross-entropy loss',
    forms: ['cross-entropy'],
    chapter: 'transfer-learning',
    definition:
      'The loss −log p of the probability given to the correct class: small when right and sure, large when confidently wrong.',
  },
  {
    term: 'Gradient',
    chapter: 'transfer-learning',
    definition: 'How much the loss changes as each weight changes; training steps every weight against it.',
  },
  {
    term: 'Learning rate',
    chapter: 'transfer-learning',
    definition: 'The size of each training step along the gradient.',
  },
  {
    term: 'Epoch',
    chapter: 'transfer-learning',
    definition: 'One pass of training over every example in the training set.',
  },
  {
    term: 'Validation set',
    forms: ['validation'],
    chapter: 'transfer-learning',
    definition:
      'Examples held out from training (here by patient, from the training split) to choose when to stop and which model to keep; never the test set.',
  },
  {
    term: 'Class weights',
    chapter: 'transfer-learning',
    definition: 'Multipliers on the loss of each class so a rare class counts as much as a common one in training.',
  },
  {
    term: 'Early stopping',
    chapter: 'transfer-learning',
    definition: 'Ending training when the validation loss stops improving, keeping the best weights seen.',
  },
  {
    term: 'Fine-tuning',
    forms: ['fine-tuned', 'fine-tune'],
    chapter: 'transfer-learning',
    definition: 'Training some of the backbone’s layers too, at a low learning rate, after the head.',
  },
];
