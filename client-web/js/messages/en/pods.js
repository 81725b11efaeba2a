// English strings for the pods screens (keys 'pods.*'). The German file beside it has the same keys.
export default {
};
