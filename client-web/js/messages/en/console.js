// English strings for the console screens (keys 'console.*'). The German file beside it has the same keys.
export default {
};
