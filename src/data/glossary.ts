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
    chapter: 'judging-a-model',
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
  // Chapter 6: how networks learn.
  {
    term: 'Loss',
    chapter: 'how-networks-learn',
    definition: 'One number that says how wrong the network’s outputs are on training examples; training lowers it.',
  },
  {
    term: 'Backpropagation',
    chapter: 'how-networks-learn',
    definition:
      'Computing the gradient of the loss for every weight by applying the chain rule backwards through the network, layer by layer.',
  },
  {
    term: 'Gradient descent',
    chapter: 'how-networks-learn',
    definition: 'Training by repeatedly moving every weight a small step against its gradient.',
  },
  {
    term: 'Mini-batch',
    chapter: 'how-networks-learn',
    definition: 'A small random subset of the training examples, used for one gradient step.',
  },
  {
    term: 'Adam',
    chapter: 'how-networks-learn',
    definition:
      'An optimiser that adapts each weight’s step from running averages of its gradients and of their squares.',
  },
  {
    term: 'Overfitting',
    chapter: 'how-networks-learn',
    definition:
      'Fitting the training examples, their noise included, so closely that results on new examples get worse.',
  },
  {
    term: 'Vanishing gradients',
    forms: ['vanishing gradient'],
    chapter: 'how-networks-learn',
    definition:
      'Gradients that shrink layer by layer on their way back through the network (through sigmoids, for example), so the early layers barely learn.',
  },
  // Chapter 8: where the network looked.
  {
    term: 'Occlusion',
    chapter: 'where-the-network-looked',
    definition:
      'An explanation test: cover one part of the scan at a time and measure how much the predicted probability drops.',
  },
  {
    term: 'Saliency map',
    chapter: 'where-the-network-looked',
    definition:
      'A map of the gradient of a class score with respect to each input pixel: how much a small change there would move the score.',
  },
  {
    term: 'Grad-CAM',
    chapter: 'where-the-network-looked',
    definition:
      'A coarse map from a late convolutional layer: its channels weighted by the average gradient of the class score, summed, negative values set to zero.',
  },
  {
    term: 'Integrated gradients',
    chapter: 'where-the-network-looked',
    definition:
      'Gradients averaged along a path from a baseline image to the scan, times the difference from the baseline, so the map adds up to the change in score.',
  },
  {
    term: 'Sanity check',
    chapter: 'where-the-network-looked',
    definition:
      'Testing whether an explanation map changes when the model’s weights are randomised: a map that does not cannot be explaining the model.',
  },
  // Chapter 9: judging a model.
  {
    term: 'Threshold',
    chapter: 'judging-a-model',
    definition: 'The score above which a scan is called positive; moving it trades sensitivity against specificity.',
  },
  {
    term: 'ROC curve',
    forms: ['ROC'],
    chapter: 'judging-a-model',
    definition: 'Sensitivity plotted against 1 − specificity for every possible threshold.',
  },
  {
    term: 'AUC',
    chapter: 'judging-a-model',
    definition:
      'The area under the ROC curve: the chance that a randomly chosen positive scan scores higher than a randomly chosen negative one.',
  },
  {
    term: 'Prevalence',
    chapter: 'judging-a-model',
    definition: 'The share of the patients tested who have the condition.',
  },
  {
    term: 'Positive predictive value',
    forms: ['PPV'],
    chapter: 'judging-a-model',
    definition:
      'The share of positive calls that are truly positive; unlike sensitivity, it depends on the prevalence.',
  },
  {
    term: 'Wilson interval',
    forms: ['Wilson'],
    chapter: 'judging-a-model',
    definition:
      'A confidence interval for a proportion such as sensitivity that stays sensible for small samples and near 0 or 1.',
  },
  {
    term: 'McNemar’s test',
    forms: ['McNemar'],
    chapter: 'judging-a-model',
    definition: 'Compares two models on the same scans, using only the scans on which they disagree.',
  },
  {
    term: 'Brier score',
    chapter: 'judging-a-model',
    definition:
      'The mean squared difference between predicted probabilities and what happened (0 or 1): lower is better.',
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
    chapter: 'how-networks-learn',
    definition:
      'The loss −log p of the probability given to the correct class: small when right and sure, large when confidently wrong.',
  },
  {
    term: 'Gradient',
    chapter: 'how-networks-learn',
    definition: 'How much the loss changes as each weight changes; training steps every weight against it.',
  },
  {
    term: 'Learning rate',
    chapter: 'how-networks-learn',
    definition: 'The size of each training step along the gradient.',
  },
  {
    term: 'Epoch',
    chapter: 'how-networks-learn',
    definition: 'One pass of training over every example in the training set.',
  },
  {
    term: 'Validation set',
    forms: ['validation'],
    chapter: 'how-networks-learn',
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
    chapter: 'how-networks-learn',
    definition: 'Ending training when the validation loss stops improving, keeping the best weights seen.',
  },
  {
    term: 'Fine-tuning',
    forms: ['fine-tuned', 'fine-tune'],
    chapter: 'transfer-learning',
    definition: 'Training some of the backbone’s layers too, at a low learning rate, after the head.',
  },
];
