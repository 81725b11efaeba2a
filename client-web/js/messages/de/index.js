// Every string in this language: the areas' files merged into one catalogue (keys are prefixed by area, so they never clash).
import common from './common.js';
import console_ from './console.js';
import participant from './participant.js';
import pods from './pods.js';
import programme from './programme.js';
import projector from './projector.js';
import report from './report.js';

export default { ...common, ...console_, ...participant, ...pods, ...programme, ...projector, ...report };
