// The ceiling with the connector's decoding (connector/http/json-text.ts): how much of the
// connector's lead over the plain loop comes from decoding alone.
import { jsonText } from '../../connector/http/json-text';
import { rawAxiosClient } from './raw-axios-loop';

rawAxiosClient('raw axios, json-text', jsonText);
